// A `flamewatch serve` process holding real profiles of the Go programs under test/go, pushed
// through the ingest API at times within the last hour: the shop service at version v1
// (hotspots workload a, twice) and v2 (workload b, where main.newHotPath is hot), its heap
// profile, and the regexp benchmark as a second service.
import { readFileSync } from 'node:fs';
import { fixture } from './fixtures.js';
import { pushProfile, startServeProcess } from './serve-process.js';
import type { ServeProcess } from './serve-process.js';

export interface Pushed { file: string; query: string }

const MINUTE = 60_000;

/** What is pushed, relative to `now`. */
export function shopProfiles(now: number): Pushed[] {
  const at = (minutesAgo: number) => String(Math.round((now - minutesAgo * MINUTE) / 1000));
  return [
    { file: 'hotspots.cpu.1.pb.gz', query: `service=shop&labels=version=v1&at=${at(50)}` },
    { file: 'hotspots.cpu.2.pb.gz', query: `service=shop&labels=version=v1&at=${at(40)}` },
    { file: 'hotspots.heap.pb.gz', query: `service=shop&labels=version=v1&kind=heap&at=${at(45)}` },
    { file: 'hotspots-b.cpu.pb.gz', query: `service=shop&labels=version=v2&at=${at(20)}` },
    { file: 'gobench-regexp.cpu.pb.gz', query: `service=regexp&at=${at(30)}` },
  ];
}

/** Pushes the profiles to a running server. */
export async function pushShop(url: string, now = Date.now(), token?: string): Promise<void> {
  for (const p of shopProfiles(now)) {
    const res = await pushProfile(url, readFileSync(fixture(p.file)), p.query, token);
    if (res.status !== 201) throw new Error(`ingest of ${p.file} answered ${res.status}: ${await res.text()}`);
  }
}

/** A fresh server with the shop profiles in it. */
export async function serveShop(env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const server = await startServeProcess(env);
  try {
    await pushShop(server.url, Date.now(), env['FLAMEWATCH_TOKEN']);
  } catch (err) {
    await server.dispose();
    throw err;
  }
  return server;
}
