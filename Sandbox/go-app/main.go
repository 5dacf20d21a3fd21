package main

import "fmt"

func main() {
	fmt.Println("Hello from a small Go image!")
}
