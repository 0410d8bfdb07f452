/**
 * Every default of the server and of scrape targets, in one object. Options are validated
 * against schemas that take their defaults from here; code never repeats a literal default.
 */
export const DEFAULTS = Object.freeze({
  server: Object.freeze({
    host: '127.0.0.1',
    port: 9740,
    dbPath: './data/flamewatch.db',
    /** Raw profiles older than this are deleted: 2 days (their minute and hour rollups stay). */
    retentionMs: 2 * 86_400_000,
    /** Minute rollups older than this are deleted: 14 days. */
    minuteRetentionMs: 14 * 86_400_000,
    /** Hour rollups (and deploy markers) older than this are deleted: a year. */
    hourRetentionMs: 365 * 86_400_000,
    /** A request taking longer is answered 408. */
    requestTimeoutMs: 120_000,
    /**
     * Writes (targets, ingest) allowed per client and window: enough for `flamewatch upload` of
     * 5,000 files in one go (the CLI also waits out a 429's Retry-After and retries).
     */
    writeRateLimit: Object.freeze({ max: 6_000, timeWindowMs: 60_000 }),
    /** Series limits a real fleet never meets, so a label that differs on every push cannot eat the store. */
    seriesLimits: Object.freeze({ maxLabelsPerSeries: 64, maxLabelValueLength: 1024, maxSeries: 100_000 }),
    /** Largest database file, in bytes; 0: no cap but the disk's. Past it writes answer 507 FW_STORAGE_FULL. */
    maxDatabaseBytes: 0,
    logLevel: 'info',
    /** Threads that inflate, decode and validate pushed and scraped profiles: one per core; 0 decodes on the main thread. */
    decodeWorkers: 'auto' as const,
    /**
     * Decode workers hand profiles back through reused shared slabs, `perWorker` of them per
     * worker, `bytes` each (untouched pages cost no memory). A profile whose columns need more
     * has its arrays transferred instead, which costs the main thread a full collection later.
     */
    decodeSlabs: Object.freeze({ perWorker: 2, bytes: 16 * 1024 * 1024 }),
    /**
     * Answers of at least this many bytes are gzip'd for clients that accept it (a flame graph
     * or a top table of a real window is hundreds of KB of JSON; a few hundred bytes are not worth it).
     */
    compressMinBytes: 1024,
  }),
  target: Object.freeze({
    /** Where net/http/pprof mounts its handlers. */
    pathPrefix: '/debug/pprof',
    intervalMs: 15_000,
    profiles: Object.freeze(['cpu', 'heap'] as const),
    /**
     * MemStats (the trailer of heap?debug=1, a text that lists every heap sample first: megabytes
     * for a large service) are fetched with a heap scrape at most this often per target.
     */
    memStatsIntervalMs: 60_000,
    /**
     * MemStats texts one collector streams at once, over all its targets. A heap scrape that
     * finds them all taken goes without and tries at its next scrape, so that a thousand targets
     * starting together do not fetch gigabytes of text in their first interval.
     */
    memStatsConcurrency: 4,
  }),
  discovery: Object.freeze({
    /** file_sd files are also re-read this often (besides when they change): Prometheus's 5m. */
    fileRefreshMs: 300_000,
    /** http_sd refresh: Prometheus's 60s. */
    httpRefreshMs: 60_000,
    /** dns_sd refresh: Prometheus's 30s. */
    dnsRefreshMs: 30_000,
    /** Largest http_sd answer read. */
    httpMaxBodyBytes: 64 * 1024 * 1024,
    /** Changes of a job's groups within this time make one update of its targets. */
    settleMs: 100,
  }),
  query: Object.freeze({
    /** The window when `from` is not given: the last hour. */
    windowMs: 3_600_000,
    /** Nodes a flame graph keeps, heaviest first. */
    flameMaxNodes: 2048,
    /** The call graph's trimming, as `go tool pprof -dot` defaults it. */
    graph: Object.freeze({ nodeCount: 80, nodeFraction: 0.005, edgeFraction: 0.001 }),
  }),
  store: Object.freeze({
    /**
     * Sample label sets kept in memory (each way: content → id and id → labels), most recently
     * used first; the others are read from the database when needed.
     */
    labelSetCacheSize: 100_000,
    /**
     * The SQLite store writes its packed snapshot of the stack dictionary again once this many
     * new stacks came since the last one (and on close, and after retention): opening reads the
     * snapshot in a few rows, then at most about this many rows of newer stacks.
     */
    stackSnapshotEvery: 65_536,
    /**
     * A window's blobs are inflated and summed on the reading thread and on `workers` threads
     * (auto: one less than the cores, at most 3) once it has read `parallelBytes` of them.
     */
    windowSums: Object.freeze({ workers: 'auto' as number | 'auto', parallelBytes: 1 << 20 }),
  }),
  clickhouse: Object.freeze({
    /** Database of the ClickHouse backend; created at start when missing. */
    database: 'flamewatch',
    /** Ingests wait at most this long to be written together in one INSERT (ClickHouse wants few large inserts). */
    flushDelayMs: 100,
    /** A batch is written at once when it holds this many profiles. */
    flushProfiles: 500,
    /** Longest a request to ClickHouse may take. */
    requestTimeoutMs: 120_000,
    /** Symbols, stacks and label sets a process remembers as written (per kind), so it does not write them again. */
    knownSymbols: 2_000_000,
  }),
  cluster: Object.freeze({
    /** How often a collector reads the shared target registry for targets added through other replicas. */
    targetPollMs: 5_000,
  }),
  client: Object.freeze({
    /** Where the CLI finds the server. */
    server: 'http://127.0.0.1:9740',
  }),
});
