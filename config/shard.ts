import { hashmod } from './relabel.js';
import type { Target } from './target.js';

/** Which part of the targets one collector scrapes: shard `index` of `count` (0-based). */
export interface Shard {
  index: number;
  count: number;
}

/**
 * The shard of a target: Prometheus's hashmod (relabel.ts) of `service;url` — what a relabel
 * rule `{source_labels: [service, url], action: hashmod, modulus: N}` computes — so the
 * split is stable across restarts and the same in every replica.
 */
export function shardOf(target: Pick<Target, 'service' | 'url'>, count: number): number {
  return hashmod(`${target.service};${target.url}`, count);
}

/** True when `shard` scrapes the target (every target when there is no sharding). */
export function ownsTarget(shard: Shard | undefined, target: Pick<Target, 'service' | 'url'>): boolean {
  return shard === undefined || shard.count <= 1 || shardOf(target, shard.count) === shard.index;
}

/** Parses `i/N` (shard i of N, 0 ≤ i < N), or gives the problem. */
export function parseShard(text: string): Shard | string {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return `"${text}" is not a shard such as 0/2 (shard i of N, counting from 0)`;
  const index = Number(m[1]), count = Number(m[2]);
  if (count < 1 || index >= count) return `"${text}": the shard index must be below the number of shards`;
  return { index, count };
}
