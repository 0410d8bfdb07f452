import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeProfile } from '../codec/decode.js';
import { flameGraph, OTHER_NODE, trimFlame } from '../query/flame.js';
import type { FlameNode } from '../query/flame.js';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { fixture } from './support/fixtures.js';

const stacks = stacksFromProfiles([decodeProfile(readFileSync(fixture('gobench-regexp.cpu.pb.gz')))]);

function walk(node: FlameNode, visit: (n: FlameNode, depth: number) => void, depth = 0): void {
  visit(node, depth);
  for (const c of node.children) walk(c, visit, depth + 1);
}

test('every flame node total is its self plus its children, and the root is the top total', () => {
  const graph = flameGraph(stacks);
  assert.equal(graph.root.total, top(stacks).total);
  walk(graph.root, (n) => assert.equal(n.total, n.self + n.children.reduce((s, c) => s + c.total, 0), n.name));
});

test('summing flame self per name gives the flat column of top', () => {
  const flat = new Map<string, number>();
  walk(flameGraph(stacks).root, (n, depth) => { if (depth > 0) flat.set(n.name, (flat.get(n.name) ?? 0) + n.self); });
  for (const row of top(stacks).rows) assert.equal(flat.get(row.name) ?? 0, row.flat, row.name);
});

test('trimming keeps at most maxNodes real nodes and sums the rest into honest (other) nodes', () => {
  const full = flameGraph(stacks).root;
  let fullCount = 0;
  walk(full, () => fullCount++);
  const trimmed = trimFlame(full, 50);
  let real = 0;
  walk(trimmed, (n) => {
    if (n.name !== OTHER_NODE) real++;
    assert.equal(n.total, n.self + n.children.reduce((s, c) => s + c.total, 0), n.name);
  });
  assert.ok(fullCount > 50);
  assert.equal(real, 50);
  assert.equal(trimmed.total, full.total);
});
