fn main() do
  let args = Env.args()
  println("#{List.length(args)}")
  println(List.get(args, 1))
  println(List.get(args, 2))
  println(List.get(args, 3))
  println("#{List.length(env_args())}")
end
