// Command demo is the Go service of flamewatch's docker-compose demo: it serves
// net/http/pprof, burns CPU in one hot function and leaks memory slowly, so
// that flamewatch has something to find within seconds of `docker compose up`.
//
//	demo -listen :6060
//
// It writes one line to stdout, "listening on http://HOST:PORT", once it serves.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"sync"
	"time"
)

var (
	mu sync.Mutex
	// sessions is the leak: entries are added and never removed.
	sessions = map[int][]byte{}
	sink     uint64
)

// hotChecksum is the hot function: most CPU samples land in it (flat), an
// FNV-1a pass over the data, `rounds` times.
//
//go:noinline
func hotChecksum(data []byte, rounds int) uint64 {
	h := uint64(14695981039346656037)
	for r := 0; r < rounds; r++ {
		for _, b := range data {
			h ^= uint64(b)
			h *= 1099511628211
		}
	}
	return h
}

// coldFormat does a little other work, so the profile has more than one function.
//
//go:noinline
func coldFormat(n int) string {
	return fmt.Sprintf("request-%08d", n)
}

// leakSession keeps 64 KiB per call forever, until maxLeak is reached: the
// in-use heap grows, and `inuse_space` points at this function.
//
//go:noinline
func leakSession(id int, maxLeak int) {
	mu.Lock()
	defer mu.Unlock()
	if len(sessions)*64<<10 >= maxLeak {
		return
	}
	sessions[id] = make([]byte, 64<<10)
}

func work(maxLeak int) {
	data := make([]byte, 4096)
	for n := 0; ; n++ {
		sum := hotChecksum(data, 200)
		mu.Lock()
		sink = sum
		mu.Unlock()
		_ = coldFormat(n)
		if n%50 == 0 {
			leakSession(n, maxLeak)
		}
	}
}

func main() {
	listen := flag.String("listen", ":6060", "address to serve net/http/pprof on")
	maxLeak := flag.Int("max-leak-mib", 256, "stop leaking after this many MiB")
	flag.Parse()

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
	fmt.Printf("listening on http://%s\n", ln.Addr().String())
	go work(*maxLeak << 20)
	srv := &http.Server{Handler: http.DefaultServeMux, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}
