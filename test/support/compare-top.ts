import assert from 'node:assert/strict';
import { formatPercent } from '../../query/format-units.js';
import type { OracleRow, OracleTop } from './oracle.js';

/** Our exact percentage, printed as pprof prints it and read back. */
const asPrinted = (x: number) => Number(formatPercent(x).slice(0, -1));

/**
 * Asserts that our rows are pprof's rows: same names in the same order, the same exact values,
 * and the same percentages as pprof prints them.
 */
export function assertSameTop(ours: { total: number; rows: OracleRow[] }, oracle: OracleTop, what: string): void {
  assert.equal(ours.total, oracle.total, `${what}: total`);
  assert.deepEqual(ours.rows.map((r) => r.name), oracle.rows.map((r) => r.name), `${what}: names and order`);
  assert.deepEqual(ours.rows.map((r) => [r.flat, r.cum]), oracle.rows.map((r) => [r.flat, r.cum]), `${what}: flat and cum`);
  ours.rows.forEach((r, i) => {
    const o = oracle.rows[i]!;
    for (const key of ['flatPct', 'sumPct', 'cumPct'] as const) {
      assert.equal(asPrinted(r[key]), o[key], `${what}: ${r.name} ${key} ${r[key]} vs pprof ${o[key]}`);
    }
  });
}
