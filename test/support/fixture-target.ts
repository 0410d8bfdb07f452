// A stand-in pprof endpoint on loopback: answers /debug/pprof/{profile,heap,goroutine,…} with
// the fixture profiles Go wrote, so collector tests that are not about Go itself stay fast.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { fixture } from './fixtures.js';

/** A running fixture target. */
export interface FixtureTarget {
  /** Base URL, http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** The requests seen: method, URL and the Authorization header. */
  requests: { url: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

/** Options of {@link startFixtureTarget}. */
export interface FixtureTargetOptions {
  /** Answer `Connection: close`, so every scrape connects (and resolves) again. */
  closeConnections?: boolean;
  /** Handles a request first; return true when it answered. */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** Starts a fixture target on 127.0.0.1 and a free port. */
export async function startFixtureTarget(options: FixtureTargetOptions = {}): Promise<FixtureTarget> {
  const cpu = readFileSync(fixture('hotspots.cpu.1.pb.gz'));
  const heap = readFileSync(fixture('hotspots.heap.pb.gz'));
  const text = readFileSync(fixture('hotspots.heap-debug1.txt'));
  const requests: FixtureTarget['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    if (options.closeConnections) res.setHeader('connection', 'close');
    if (options.intercept?.(req, res)) return;
    const path = (req.url ?? '').split('?')[0]!;
    if (path.endsWith('/profile')) res.end(cpu);
    else if (path.endsWith('/heap') && (req.url ?? '').includes('debug=1')) res.end(text);
    else if (path.endsWith('/heap') || path.endsWith('/allocs')) res.end(heap);
    else res.writeHead(404).end('404 page not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`, port, requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
