// Helpers for discovery tests against a `flamewatch serve` child process.
import { waitFor } from './hotspots.js';

/** A target as GET /api/v1/targets lists it (the fields discovery tests read). */
export interface ListedTarget {
  id: string;
  service: string;
  url: string;
  pathPrefix: string;
  source: string;
  labels: Record<string, string>;
  discoveredLabels?: Record<string, string>;
  health: { state: string; lastError: string | null };
}

/** GET /api/v1/targets of a running server. */
export async function listTargets(serverUrl: string): Promise<ListedTarget[]> {
  const res = await fetch(`${serverUrl}/api/v1/targets`);
  return (await res.json()) as ListedTarget[];
}

/** GET /api/v1/discovery of a running server. */
export async function discoveryStatus(serverUrl: string): Promise<{ job: string; mechanism: string; source: string; targets: number; lastError: string | null }[]> {
  return (await (await fetch(`${serverUrl}/api/v1/discovery`)).json()) as never;
}

/** Polls the target list until `check` holds; returns the last list seen (assert on it). */
export async function waitForTargets(serverUrl: string, check: (targets: ListedTarget[]) => boolean, timeoutMs = 15_000): Promise<ListedTarget[]> {
  let last: ListedTarget[] = [];
  let ok = false;
  const end = Date.now() + timeoutMs;
  while (!ok && Date.now() < end) {
    last = await listTargets(serverUrl);
    ok = check(last);
    if (!ok) await waitFor(() => false, 150, 150);
  }
  return last;
}
