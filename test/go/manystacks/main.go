// Command manystacks writes a Go heap profile with a chosen number of distinct
// allocation stacks, as a large service's heap profile has: every allocation
// is sampled (MemProfileRate 1), and each stack is a distinct path through 16
// dispatching functions, so stacks differ near the leaf and share their roots.
//
//	manystacks -stacks 30000 -heapprofile heap.pb.gz [-heaptext heap.txt]
//
// -heaptext also writes the same profile as net/http/pprof's heap?debug=1
// text, with its runtime.MemStats trailer.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// retained keeps every allocation live, so each stack shows in inuse_space too.
var retained [][]byte

type step func(path []byte, depth int)

var steps [16]step

func init() {
	steps = [16]step{f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15}
}

// dispatch calls the function the path names at this depth, or allocates at its end.
//
//go:noinline
func dispatch(path []byte, depth int) {
	if depth == len(path) {
		size := 32 << (int(path[0]) % 6)
		retained = append(retained, make([]byte, size))
		return
	}
	steps[path[depth]](path, depth+1)
}

//go:noinline
func f0(path []byte, depth int) { dispatch(path, depth) }

//go:noinline
func f1(path []byte, depth int) { dispatch(path, depth) }

//go:noinline
func f2(path []byte, depth int) { dispatch(path, depth) }

//go:noinline
func f3(path []byte, depth int) { dispatch(path, depth) }

//go:noinline
func f4(path []byte, depth int) { dispatch(path, depth) }

//go:noinline
func f5(path []byte, depth int) { dispatch(path, depth) }

//go:noinline
func f6(path []byte, depth int) { dispatch(path, depth) }

//go:noinline
func f7(path []byte, depth int) { dispatch(path, depth) }

//go:noinline
func f8(path []byte, depth int) { dispatch(path, depth) }

//go:noinline
func f9(path []byte, depth int) { dispatch(path, depth) }

//go:noinline
func f10(path []byte, depth int) { dispatch(path, depth) }

//go:noinline
func f11(path []byte, depth int) { dispatch(path, depth) }

//go:noinline
func f12(path []byte, depth int) { dispatch(path, depth) }

//go:noinline
func f13(path []byte, depth int) { dispatch(path, depth) }

//go:noinline
func f14(path []byte, depth int) { dispatch(path, depth) }

//go:noinline
func f15(path []byte, depth int) { dispatch(path, depth) }

// build allocates once along each of the first n paths (base-16 digits, most
// significant first); a few allocations per path give the samples real counts.
func build(n int) {
	digits := 1
	for p := 16; p < n; p *= 16 {
		digits++
	}
	path := make([]byte, digits)
	for i := 0; i < n; i++ {
		for d, x := digits-1, i; d >= 0; d, x = d-1, x/16 {
			path[d] = byte(x % 16)
		}
		for k := 0; k <= i%3; k++ {
			dispatch(path, 0)
		}
	}
}

func write(name string, debug int) {
	f, err := os.Create(name)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.Lookup("heap").WriteTo(f, debug); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	runtime.MemProfileRate = 1
	stacks := flag.Int("stacks", 30000, "distinct allocation stacks")
	heap := flag.String("heapprofile", "", "write the heap profile (gzip'd protobuf) here")
	text := flag.String("heaptext", "", "write the heap profile as heap?debug=1 text here")
	flag.Parse()
	build(*stacks)
	runtime.GC()
	if *heap != "" {
		write(*heap, 0)
	}
	if *text != "" {
		write(*text, 1)
	}
}
