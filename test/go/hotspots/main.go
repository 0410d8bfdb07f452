// Command hotspots is a small Go program with known hot functions. It is used
// to produce the pprof fixtures under test/fixtures and as a live target that
// serves net/http/pprof for collector tests.
//
// Profile-writing mode:
//
//	hotspots -cpuprofile cpu.pb.gz -heapprofile heap.pb.gz -duration 3s -workload a
//
// Serving mode (runs the workload until killed):
//
//	hotspots -listen 127.0.0.1:0 -prefix /custom/pprof -version v1
//
// Serving behind basic auth and TLS (with client certificates signed by a CA):
//
//	hotspots -listen 127.0.0.1:0 -basic-auth user:pass -tls-cert srv.pem -tls-key srv.key -client-ca ca.pem
//
// With -labels the work runs under pprof.Do with sample labels (handler, and
// tenant for some), so CPU and goroutine profiles carry string labels:
//
//	hotspots -labels -cpuprofile cpu.pb.gz -goroutineprofile goroutine.pb.gz
//
// In serving mode the only line written to stdout is
// "listening on http://HOST:PORT" with the address actually bound.
package main

import (
	"context"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime"
	runtimepprof "runtime/pprof"
	"strings"
	"sync"
	"time"
)

// Sinks keep the compiler from discarding the results of the hot loops.
var (
	sinkMu   sync.Mutex
	sinkU64  uint64
	sinkInt  int
	sinkData []byte
)

// retained holds memory that stays live so it shows up as inuse_space.
var retained [][]byte

const (
	retainTotal = 64 << 20 // 64 MiB in total
	retainChunk = 16 << 10 // in 4096 allocations of 16 KiB
)

// input is the data that hashLoop hashes and parseLoop parses.
var (
	hashInput  []byte
	parseInput []byte
)

func init() {
	hashInput = make([]byte, 64<<10)
	x := uint32(2463534242)
	for i := range hashInput {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		hashInput[i] = byte(x)
	}
	var sb strings.Builder
	for i := 0; i < 8192; i++ {
		fmt.Fprintf(&sb, "%d,", (i*7919)%1000003)
	}
	parseInput = []byte(sb.String())
}

// mix is a tiny finalizer that the compiler inlines into its callers, so
// locations in hashLoop carry two Line entries (mix, then hashLoop).
func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	return h ^ h>>29
}

// isDigit is inlined into parseLoop.
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// hashLoop is the hottest function of workload a: an FNV-1a pass over the
// input, with mix applied once per 64-byte block.
//
//go:noinline
func hashLoop(rounds int) uint64 {
	h := uint64(14695981039346656037)
	for r := 0; r < rounds; r++ {
		for i, b := range hashInput {
			h ^= uint64(b)
			h *= 1099511628211
			if i&63 == 63 {
				h = mix(h)
			}
		}
	}
	return h
}

// parseLoop is the second hottest function: it parses the comma-separated
// decimal numbers of parseInput by hand.
//
//go:noinline
func parseLoop(rounds int) int {
	sum := 0
	for r := 0; r < rounds; r++ {
		n := 0
		for _, c := range parseInput {
			if isDigit(c) {
				n = n*10 + int(c-'0')
			} else {
				sum += n
				n = 0
			}
		}
	}
	return sum
}

// recurse calls itself down to depth 0 and does a little work at every
// fifth level, so its samples show main.recurse many times in one stack.
//
//go:noinline
func recurse(depth int, work int) uint64 {
	var acc uint64
	if depth%5 == 0 {
		x := uint64(depth + 1)
		for i := 0; i < work; i++ {
			x = x*6364136223846793005 + 1442695040888963407
			acc += x >> 60
		}
	}
	if depth == 0 {
		return acc
	}
	return acc + recurse(depth-1, work)
}

// newHotPath is only hot in workload b (a "new deploy" with a regression).
//
//go:noinline
func newHotPath(rounds int) uint64 {
	var acc uint64
	table := [256]uint64{}
	for r := 0; r < rounds; r++ {
		for i, b := range hashInput {
			table[b] += uint64(i) | 1
			acc += table[byte(acc)] ^ uint64(b)
		}
	}
	return acc
}

// retain allocates retainTotal bytes in many small chunks and keeps them
// reachable from a global, so they appear as in-use heap.
//
//go:noinline
func retain() {
	if retained != nil {
		return
	}
	chunks := make([][]byte, 0, retainTotal/retainChunk)
	for i := 0; i < retainTotal/retainChunk; i++ {
		b := make([]byte, retainChunk)
		b[i%retainChunk] = byte(i)
		chunks = append(chunks, b)
	}
	retained = chunks
}

// churn only allocates garbage: it shows in alloc_* but barely in inuse_*.
//
//go:noinline
func churn(n int) int {
	total := 0
	for i := 0; i < n; i++ {
		b := make([]byte, 4096+i%4096)
		b[len(b)-1] = byte(i)
		total += len(b)
		if i%64 == 0 {
			sinkMu.Lock()
			sinkData = b
			sinkMu.Unlock()
		}
	}
	return total
}

// round runs one unit of the chosen workload.
func round(workload string) {
	var h uint64
	var p int
	switch workload {
	case "b":
		h = newHotPath(24)
		h += hashLoop(6)
		p = parseLoop(8)
		h += recurse(40, 25000)
	default:
		h = hashLoop(12)
		p = parseLoop(8)
		h += recurse(40, 25000)
	}
	p += churn(64)
	sinkMu.Lock()
	sinkU64 += h
	sinkInt += p
	sinkMu.Unlock()
}

// runFor runs the workload in the calling goroutine until d has passed.
func runFor(workload string, d time.Duration) {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if labelled {
			labelledRound(workload)
		} else {
			round(workload)
		}
	}
}

// labelled makes the workload run under pprof.Do with sample labels (-labels).
var labelled bool

// handle runs work as a request handler would, labelled with the handler's
// name and, when not empty, the tenant.
func handle(handler, tenant string, work func()) {
	labels := runtimepprof.Labels("handler", handler)
	if tenant != "" {
		labels = runtimepprof.Labels("handler", handler, "tenant", tenant)
	}
	runtimepprof.Do(context.Background(), labels, func(context.Context) { work() })
}

// labelledRound runs one unit of the workload split across labelled
// "handlers": checkout hashes, search parses, report recurses (with two
// tenants), and churn allocates outside any handler.
func labelledRound(workload string) {
	var h uint64
	var p int
	handle("checkout", "acme", func() {
		if workload == "b" {
			h = newHotPath(24)
		}
		h += hashLoop(6)
	})
	handle("checkout", "globex", func() { h += hashLoop(3) })
	handle("search", "", func() { p = parseLoop(8) })
	handle("report", "acme", func() { h += recurse(40, 15000) })
	handle("report", "globex", func() { h += recurse(40, 10000) })
	p += churn(64)
	p += spread(20)
	sinkMu.Lock()
	sinkU64 += h
	sinkInt += p
	sinkMu.Unlock()
}

// spread allocates garbage of sizes from 512 B to 256 KiB, so the heap
// profile's numeric "bytes" label takes many values.
//
//go:noinline
func spread(n int) int {
	total := 0
	for i := 0; i < n; i++ {
		b := make([]byte, 512<<(i%10))
		b[0] = byte(i)
		total += len(b)
		sinkMu.Lock()
		sinkData = b
		sinkMu.Unlock()
	}
	return total
}

// parkLabelled starts goroutines that wait forever under labels, so a
// goroutine profile shows them per handler.
func parkLabelled() {
	block := make(chan struct{})
	for i, h := range []string{"checkout", "checkout", "checkout", "search", "report"} {
		tenant := "acme"
		if i%2 == 1 {
			tenant = "globex"
		}
		go handle(h, tenant, func() { <-block })
	}
}

// contend produces mutex contention (holding a lock while working) and
// blocking (waiting on a channel), for the mutex and block profiles.
func contend() {
	var mu sync.Mutex
	ticks := make(chan int)
	for w := 0; w < 3; w++ {
		go func() {
			for {
				// Sleeping with the lock held makes the others wait (mutex profile)
				// without spending CPU.
				mu.Lock()
				sinkU64Add(recurse(10, 2000))
				time.Sleep(time.Millisecond)
				mu.Unlock()
			}
		}()
	}
	go func() {
		for i := 0; ; i++ {
			time.Sleep(2 * time.Millisecond)
			ticks <- i
		}
	}()
	go func() {
		for i := range ticks {
			sinkMu.Lock()
			sinkInt += i
			sinkMu.Unlock()
		}
	}()
}

func sinkU64Add(v uint64) {
	sinkMu.Lock()
	sinkU64 += v
	sinkMu.Unlock()
}

// mountPprof registers the net/http/pprof handlers under prefix, the way
// routers such as gin-contrib/pprof do for a custom path.
func mountPprof(mux *http.ServeMux, prefix string) {
	prefix = strings.TrimRight(prefix, "/")
	mux.HandleFunc(prefix+"/", pprof.Index)
	mux.HandleFunc(prefix+"/cmdline", pprof.Cmdline)
	mux.HandleFunc(prefix+"/profile", pprof.Profile)
	mux.HandleFunc(prefix+"/symbol", pprof.Symbol)
	mux.HandleFunc(prefix+"/trace", pprof.Trace)
	for _, name := range []string{"allocs", "block", "goroutine", "heap", "mutex", "threadcreate"} {
		mux.Handle(prefix+"/"+name, pprof.Handler(name))
	}
}

func writeCPU(path, workload string, d time.Duration) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := runtimepprof.StartCPUProfile(f); err != nil {
		f.Close()
		return err
	}
	runFor(workload, d)
	runtimepprof.StopCPUProfile()
	return f.Close()
}

func writeGoroutines(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := runtimepprof.Lookup("goroutine").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeHeap(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := runtimepprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func main() {
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile to `file`")
	heapProfile := flag.String("heapprofile", "", "write a heap profile to `file` (after runtime.GC)")
	duration := flag.Duration("duration", 3*time.Second, "how long to run the workload when writing profiles")
	workload := flag.String("workload", "a", "workload: a (hashLoop hottest) or b (newHotPath hottest)")
	listen := flag.String("listen", "", "serve net/http/pprof on `addr` (e.g. 127.0.0.1:0) and run the workload until killed")
	prefix := flag.String("prefix", "", "also mount the pprof handlers under this path prefix (e.g. /custom/pprof)")
	version := flag.String("version", "", "version string, echoed to stderr and served at /version")
	writeTimeout := flag.Duration("write-timeout", 0, "HTTP server WriteTimeout in serving mode (0 = none)")
	flag.StringVar(&access.basicAuth, "basic-auth", "", "require HTTP basic auth `user:password` in serving mode")
	flag.StringVar(&access.tlsCert, "tls-cert", "", "serve HTTPS with this certificate `file` (PEM)")
	flag.StringVar(&access.tlsKey, "tls-key", "", "the key `file` of -tls-cert (PEM)")
	flag.StringVar(&access.clientCA, "client-ca", "", "require client certificates signed by this CA `file` (PEM)")
	goroutineProfile := flag.String("goroutineprofile", "", "write a goroutine profile to `file` at the end")
	flag.BoolVar(&labelled, "labels", false, "run the workload under pprof.Do with handler and tenant labels")
	flag.Parse()

	if *workload != "a" && *workload != "b" {
		fmt.Fprintf(os.Stderr, "hotspots: unknown workload %q (want a or b)\n", *workload)
		os.Exit(2)
	}
	if *version != "" {
		fmt.Fprintf(os.Stderr, "hotspots version %s\n", *version)
	}

	retain()
	if labelled {
		parkLabelled()
	}

	if *listen != "" {
		serve(*listen, *prefix, *version, *workload, *writeTimeout)
		return
	}

	if *cpuProfile != "" {
		if err := writeCPU(*cpuProfile, *workload, *duration); err != nil {
			fmt.Fprintln(os.Stderr, "hotspots:", err)
			os.Exit(1)
		}
	} else if *heapProfile != "" {
		runFor(*workload, *duration)
	}
	if *heapProfile != "" {
		if err := writeHeap(*heapProfile); err != nil {
			fmt.Fprintln(os.Stderr, "hotspots:", err)
			os.Exit(1)
		}
	}
	if *goroutineProfile != "" {
		if err := writeGoroutines(*goroutineProfile); err != nil {
			fmt.Fprintln(os.Stderr, "hotspots:", err)
			os.Exit(1)
		}
	}
	runtime.KeepAlive(retained)
}

// access holds the serving mode's optional basic auth and TLS settings.
var access struct {
	basicAuth, tlsCert, tlsKey, clientCA string
}

// withBasicAuth answers 401 unless the request carries the configured user and password.
func withBasicAuth(next http.Handler, userPass string) http.Handler {
	want := strings.SplitN(userPass, ":", 2)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || len(want) != 2 || subtle.ConstantTimeCompare([]byte(user), []byte(want[0])) != 1 ||
			subtle.ConstantTimeCompare([]byte(pass), []byte(want[1])) != 1 {
			w.Header().Set("WWW-Authenticate", `Basic realm="pprof"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// tlsConfig is the server's TLS configuration, requiring client certificates when a CA is given.
func tlsConfig() (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(access.tlsCert, access.tlsKey)
	if err != nil {
		return nil, err
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if access.clientCA != "" {
		pem, err := os.ReadFile(access.clientCA)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("no certificate in %s", access.clientCA)
		}
		cfg.ClientCAs = pool
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
	}
	return cfg, nil
}

func serve(addr, prefix, version, workload string, writeTimeout time.Duration) {
	runtime.SetBlockProfileRate(10000)  // sample ~1 blocking event per 10µs blocked
	runtime.SetMutexProfileFraction(10) // sample 1 in 10 contention events

	// The blank-import side effect of net/http/pprof registers /debug/pprof/
	// on http.DefaultServeMux; we import it by name, which does the same.
	mux := http.DefaultServeMux
	if prefix != "" && strings.TrimRight(prefix, "/") != "/debug/pprof" {
		mountPprof(mux, prefix)
	}
	mux.HandleFunc("/version", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, version)
	})

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "hotspots:", err)
		os.Exit(1)
	}
	scheme := "http"
	if access.tlsCert != "" {
		cfg, err := tlsConfig()
		if err != nil {
			fmt.Fprintln(os.Stderr, "hotspots:", err)
			os.Exit(1)
		}
		ln = tls.NewListener(ln, cfg)
		scheme = "https"
	}
	fmt.Printf("listening on %s://%s\n", scheme, ln.Addr().String())

	for i := 0; i < 2; i++ {
		go func() {
			for {
				if labelled {
					labelledRound(workload)
				} else {
					round(workload)
				}
			}
		}()
	}
	contend()

	var handler http.Handler = mux
	if access.basicAuth != "" {
		handler = withBasicAuth(mux, access.basicAuth)
	}
	srv := &http.Server{Handler: handler, WriteTimeout: writeTimeout, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); err != nil {
		fmt.Fprintln(os.Stderr, "hotspots:", err)
		os.Exit(1)
	}
	runtime.KeepAlive(retained)
}
