module flamewatch.demo

go 1.19
