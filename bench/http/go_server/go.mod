module meshbench/goserver

go 1.19
