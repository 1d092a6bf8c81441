#= A block comment
   spanning lines =#
#= outer #= inner =# still outer
   println("hidden") =#
fn main() do
  let x = 1 + #= inline =# 2
  #=
    #= nested #= twice =# =#
    println("also hidden")
  =#
  println("x=#{x}")
  let y = #= before =# 10 #= after =#
  println("y=#{y}")
end
