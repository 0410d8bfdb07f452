/**
 * Every default of the server and of scrape targets, in one object. Options are validated
 * against schemas that take their defaults from here; code never repeats a literal default.
 */
export const DEFAULTS = Object.freeze({
  server: Object.freeze({
    host: '127.0.0.1',
    port: 9740,
    dbPath: './data/flamewatch.db',
    /** Profiles older than this are deleted: 7 days. */
    retentionMs: 7 * 86_400_000,
    /** A request taking longer is answered 408. */
    requestTimeoutMs: 120_000,
    /** Writes (targets, ingest) allowed per client and window. */
    writeRateLimit: Object.freeze({ max: 600, timeWindowMs: 60_000 }),
    logLevel: 'info',
  }),
  target: Object.freeze({
    /** Where net/http/pprof mounts its handlers. */
    pathPrefix: '/debug/pprof',
    intervalMs: 15_000,
    profiles: Object.freeze(['cpu', 'heap'] as const),
  }),
  query: Object.freeze({
    /** The window when `from` is not given: the last hour. */
    windowMs: 3_600_000,
    /** Nodes a flame graph keeps, heaviest first. */
    flameMaxNodes: 2048,
    /** The call graph's trimming, as `go tool pprof -dot` defaults it. */
    graph: Object.freeze({ nodeCount: 80, nodeFraction: 0.005, edgeFraction: 0.001 }),
  }),
  client: Object.freeze({
    /** Where the CLI finds the server. */
    server: 'http://127.0.0.1:9740',
  }),
});
