fn main() do
  let name = "Ada"
  let sql = """
    SELECT id
      FROM users
     WHERE name = '#{name}'
    """
  println(sql)
end
