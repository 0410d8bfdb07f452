import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRelabelRule, hashmod, relabel } from '../config/relabel.js';
import type { RelabelRuleInput } from '../config/relabel.js';

// Cases and expected results from Prometheus's relabeling documentation and its test suite
// (model/relabel): each is input labels, rules as YAML would give them, and the outcome.
const CASES: { name: string; input: Record<string, string>; rules: RelabelRuleInput[]; output: Record<string, string> | 'dropped' }[] = [
  {
    name: 'replace with ${1} references',
    input: { a: 'foo', b: 'bar', c: 'baz' },
    rules: [{ source_labels: ['a'], regex: 'f(.*)', target_label: 'd', replacement: 'ch${1}-ch${1}' }],
    output: { a: 'foo', b: 'bar', c: 'baz', d: 'choo-choo' },
  },
  {
    name: 'source labels joined by the separator, rules applied in order',
    input: { a: 'foo', b: 'bar', c: 'baz' },
    rules: [
      { source_labels: ['a', 'b'], regex: 'f(.*);(.*)r', target_label: 'a', replacement: 'b${1}${2}m' },
      { source_labels: ['c', 'a'], regex: '(b).*b(.*)ba(.*)', target_label: 'd', replacement: '$1$2$2$3' },
    ],
    output: { a: 'boobam', b: 'bar', c: 'baz', d: 'boooom' },
  },
  { name: 'drop on a match', input: { a: 'foo', b: 'bar' }, rules: [{ source_labels: ['a'], regex: '.*o.*', action: 'drop' }], output: 'dropped' },
  { name: 'the regex is anchored: f|o does not match foo', input: { a: 'foo' }, rules: [{ source_labels: ['a'], regex: 'f|o', action: 'drop' }], output: { a: 'foo' } },
  { name: 'keep without a match drops', input: { a: 'foo' }, rules: [{ source_labels: ['a'], regex: 'no-match', action: 'keep' }], output: 'dropped' },
  { name: 'keep on a match', input: { a: 'foo' }, rules: [{ source_labels: ['a'], regex: 'f.*', action: 'keep' }], output: { a: 'foo' } },
  {
    name: 'no replacement without a match',
    input: { a: 'boo' }, rules: [{ source_labels: ['a'], regex: 'f', target_label: 'b', replacement: 'bar' }], output: { a: 'boo' },
  },
  {
    name: 'hashmod of "baz" modulo 1000 is 976',
    input: { a: 'foo', b: 'bar', c: 'baz' }, rules: [{ source_labels: ['c'], target_label: 'd', action: 'hashmod', modulus: 1000 }],
    output: { a: 'foo', b: 'bar', c: 'baz', d: '976' },
  },
  {
    name: 'hashmod of "foo\\nbar" modulo 1000 is 734',
    input: { a: 'foo\nbar' }, rules: [{ source_labels: ['a'], target_label: 'b', action: 'hashmod', modulus: 1000 }],
    output: { a: 'foo\nbar', b: '734' },
  },
  {
    name: 'labelmap copies matching names',
    input: { a: 'foo', b1: 'bar', b2: 'baz' }, rules: [{ regex: '(b.*)', replacement: 'bar_${1}', action: 'labelmap' }],
    output: { a: 'foo', b1: 'bar', b2: 'baz', bar_b1: 'bar', bar_b2: 'baz' },
  },
  {
    name: 'labelmap of __meta_ labels',
    input: { a: 'foo', __meta_my_bar: 'aaa', __meta_my_baz: 'bbb', __meta_other: 'ccc' },
    rules: [{ regex: '__meta_(my.*)', replacement: '${1}', action: 'labelmap' }],
    output: { a: 'foo', __meta_my_bar: 'aaa', __meta_my_baz: 'bbb', __meta_other: 'ccc', my_bar: 'aaa', my_baz: 'bbb' },
  },
  {
    name: 'the target label from a capture group',
    input: { a: 'some-name-value' }, rules: [{ source_labels: ['a'], regex: 'some-([^-]+)-([^,]+)', replacement: '${2}', target_label: '${1}' }],
    output: { a: 'some-name-value', name: 'value' },
  },
  {
    name: 'an empty replacement sets nothing',
    input: { a: 'some-name-value' }, rules: [{ source_labels: ['a'], regex: 'some-([^-]+)-([^,]+)', replacement: '${3}', target_label: '${1}' }],
    output: { a: 'some-name-value' },
  },
  {
    name: 'an invalid expanded target label sets nothing',
    input: { a: 'some-name-0' }, rules: [{ source_labels: ['a'], regex: 'some-([^-]+)-([^,]+)', replacement: '${1}', target_label: '${3}' }],
    output: { a: 'some-name-0' },
  },
  {
    name: 'a real-life tag list: path, job and a label',
    input: { __meta_sd_tags: 'path:/secret,job:some-job,label:foo=bar' },
    rules: [
      { source_labels: ['__meta_sd_tags'], regex: '(?:.+,|^)path:(/[^,]+).*', replacement: '${1}', target_label: '__pprof_path__' },
      { source_labels: ['__meta_sd_tags'], regex: '(?:.+,|^)job:([^,]+).*', replacement: '${1}', target_label: 'job' },
      { source_labels: ['__meta_sd_tags'], regex: '(?:.+,|^)label:([^=]+)=([^,]+).*', replacement: '${2}', target_label: '${1}' },
    ],
    output: { __meta_sd_tags: 'path:/secret,job:some-job,label:foo=bar', __pprof_path__: '/secret', job: 'some-job', foo: 'bar' },
  },
  {
    name: 'labeldrop, then replace, then keep',
    input: { __meta_kubernetes_pod_container_port_name: 'foo', __meta_kubernetes_pod_annotation_XXX_metrics_port: '9091' },
    rules: [
      { regex: '^__meta_kubernetes_pod_container_port_name$', action: 'labeldrop' },
      { source_labels: ['__meta_kubernetes_pod_annotation_XXX_metrics_port'], regex: '(.+)', replacement: 'metrics', target_label: '__meta_kubernetes_pod_container_port_name' },
      { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: '^metrics$', action: 'keep' },
    ],
    output: { __meta_kubernetes_pod_annotation_XXX_metrics_port: '9091', __meta_kubernetes_pod_container_port_name: 'metrics' },
  },
  { name: 'labelkeep', input: { a: 'foo', b1: 'bar', b2: 'baz' }, rules: [{ regex: '(b.*)', action: 'labelkeep' }], output: { b1: 'bar', b2: 'baz' } },
  { name: 'labeldrop', input: { a: 'foo', b1: 'bar', b2: 'baz' }, rules: [{ regex: '(b.*)', action: 'labeldrop' }], output: { a: 'foo' } },
  {
    name: 'uppercase and lowercase',
    input: { foo: 'bAr123Foo' },
    rules: [{ source_labels: ['foo'], action: 'uppercase', target_label: 'foo_uppercase' }, { source_labels: ['foo'], action: 'lowercase', target_label: 'foo_lowercase' }],
    output: { foo: 'bAr123Foo', foo_lowercase: 'bar123foo', foo_uppercase: 'BAR123FOO' },
  },
  {
    name: 'keepequal and dropequal',
    input: { __tmp_port: '1234', __port1: '1234', __port2: '5678' },
    rules: [{ source_labels: ['__tmp_port'], action: 'keepequal', target_label: '__port1' }, { source_labels: ['__tmp_port'], action: 'dropequal', target_label: '__port2' }],
    output: { __tmp_port: '1234', __port1: '1234', __port2: '5678' },
  },
  {
    name: 'Go template quirk: $1x names group "1x", which is empty',
    input: { a: 'foo' }, rules: [{ source_labels: ['a'], regex: '(.*)', target_label: 'b', replacement: '$1x-${1}x' }],
    output: { a: 'foo', b: '-foox' },
  },
];

for (const c of CASES) {
  test(`relabel: ${c.name}`, () => {
    const out = relabel(c.input, c.rules.map(compileRelabelRule));
    assert.deepEqual(out ?? 'dropped', c.output);
  });
}

test('hashmod shards a fleet: every address lands in exactly one of N shards, spread evenly', () => {
  const shards = [0, 0, 0, 0];
  for (let i = 0; i < 4000; i++) shards[hashmod(`10.0.${i >> 8}.${i & 255}:6060`, 4)]! += 1;
  assert.equal(shards.reduce((a, b) => a + b), 4000);
  for (const n of shards) assert.ok(n > 800 && n < 1200, `shard sizes ${shards.join(', ')}`);
  const keepShard = (shard: number) => compileRelabelRule({ source_labels: ['__tmp_hash'], regex: String(shard), action: 'keep' });
  const rules = (shard: number) => [compileRelabelRule({ source_labels: ['__address__'], modulus: 4, target_label: '__tmp_hash', action: 'hashmod' }), keepShard(shard)];
  const kept = [0, 1, 2, 3].filter((s) => relabel({ __address__: '10.1.2.3:6060' }, rules(s)) !== undefined);
  assert.equal(kept.length, 1);
});

test('rules are checked as Prometheus checks them', () => {
  const cases: [RelabelRuleInput, RegExp][] = [
    [{ action: 'replace' }, /target_label is required for the replace action/],
    [{ action: 'lowercase' }, /target_label is required for the lowercase action/],
    [{ action: 'lowercase', target_label: '${3}' }, /"\$\{3\}" is not a label name for the lowercase action/],
    [{ source_labels: ['a'], target_label: '0${3}' }, /target_label "0\$\{3\}" is not a label name/],
    [{ source_labels: ['a'], target_label: '-${3}' }, /target_label "-\$\{3\}" is not a label name/],
    [{ action: 'hashmod', target_label: 'x' }, /modulus must be a positive integer/],
    [{ action: 'labeldrop', regex: 'a', source_labels: ['b'] }, /labeldrop takes only regex/],
    [{ regex: '(unclosed', target_label: 'x' }, /"\(unclosed" is not a valid regex/],
  ];
  for (const [rule, message] of cases) assert.throws(() => compileRelabelRule(rule), message, JSON.stringify(rule));
  assert.doesNotThrow(() => compileRelabelRule({ source_labels: ['a'], regex: 'some-([^-]+)-([^,]+)', target_label: '${3}' }));
});
