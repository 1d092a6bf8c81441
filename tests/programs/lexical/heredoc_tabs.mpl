fn main() do
	let s = """
		foo
			bar
		"""
	println(s)
end
