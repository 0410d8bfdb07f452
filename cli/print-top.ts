import { posix } from 'node:path';
import type { Profile } from '../codec/profile.js';
import { formatValue, pprofPercentage, scaleValue, selectOutputUnit } from '../query/format-units.js';
import type { TextTop } from '../query/text-top.js';

/** What pprof's report header says about the profile (report.ProfileLabels). */
export interface ReportHeader {
  /** File and build id of the first mapping (the main binary). */
  file: string;
  buildId: string;
  comments: string[];
  /** Sample type name and unit. */
  type: string;
  unit: string;
  timeNanos: number;
  durationNanos: number;
}

/**
 * The header of profiles merged as pprof merges them: the first mapping of the first profile
 * with mappings, comments once each, durations added, and pprof's time (each profile's time
 * replaces the running one when that is 0 or later, so a 0 can win).
 */
export function reportHeader(profiles: readonly Profile[], type: { type: string; unit: string }): ReportHeader {
  const main = profiles.find((p) => p.mappings.length > 0)?.mappings[0];
  let timeNanos = 0;
  for (const p of profiles) if (timeNanos === 0 || p.timeNanos < timeNanos) timeNanos = p.timeNanos;
  return {
    file: main?.filename ?? '', buildId: main?.buildId ?? '', comments: [...new Set(profiles.flatMap((p) => p.comments))],
    type: type.type, unit: type.unit, timeNanos, durationNanos: profiles.reduce((sum, p) => sum + p.durationNanos, 0),
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Zones whose abbreviation is known from their long name, without loading Intl's locale data (tens of ms at start). */
const ZONE_ABBREVIATIONS: Readonly<Record<string, string>> = { 'Coordinated Universal Time': 'UTC', 'Greenwich Mean Time': 'GMT' };

/** The local time zone's abbreviation at `d`, as Intl names it. */
function zoneAbbreviation(d: Date): string {
  const long = /\(([^)]*)\)$/.exec(d.toString())?.[1];
  const known = long === undefined ? undefined : ZONE_ABBREVIATIONS[long];
  if (known !== undefined) return known;
  return new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
}

/** Go's `Jan 2, 2006 at 3:04pm (MST)` in the local time zone (its abbreviation as Intl names it). */
function goTime(nanos: number): string {
  const d = new Date(Math.floor(nanos / 1e6));
  const hour = d.getHours() % 12 === 0 ? 12 : d.getHours() % 12;
  const zone = zoneAbbreviation(d);
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()} at ${hour}:${String(d.getMinutes()).padStart(2, '0')}${d.getHours() < 12 ? 'am' : 'pm'} (${zone})`;
}

/** pprof's "Active filters:" legend lines, or none. */
export function activeFilterLines(active: readonly string[]): string[] {
  return active.length === 0 ? [] : ['Active filters:', ...active.map((f) => `   ${f}`)];
}

/**
 * The text `go tool pprof -top` prints (report.printText): the profile's labels, what the
 * report shows and drops, then one row per node with flat, flat%, sum%, cum, cum% and the
 * name with its `(inline)` mark, every value in the report's one output unit.
 */
export function renderTextTop(header: ReportHeader, report: TextTop, nodeFraction: number, active: readonly string[] = []): string {
  const { total, rows } = report;
  let minValue = 0;
  for (const r of rows) {
    const v = Math.abs(r.flat) !== 0 ? Math.abs(r.flat) : Math.abs(r.cum);
    if (v > 0 && (minValue === 0 || v < minValue)) minValue = v;
  }
  const outputUnit = rows.length === 0 ? 'minimum' : selectOutputUnit(minValue, total, header.unit);
  const fmt = (v: number) => formatValue(v, header.unit, outputUnit);
  const lines: string[] = [];
  if (header.file !== '') lines.push(`File: ${posix.basename(header.file)}`);
  if (header.buildId !== '') lines.push(`Build ID: ${header.buildId}`);
  for (const c of header.comments) if (!c.startsWith('#')) lines.push(c);
  if (header.type !== '') lines.push(`Type: ${header.type}`);
  if (header.timeNanos !== 0) lines.push(`Time: ${goTime(header.timeNanos)}`);
  if (header.durationNanos !== 0) {
    const [totalNanos, totalUnit] = scaleValue(total, header.unit, 'nanoseconds');
    const ratio = totalUnit === 'ns' && totalNanos !== 0 ? `(${pprofPercentage(Math.trunc(totalNanos), header.durationNanos)})` : '';
    lines.push(`Duration: ${formatValue(header.durationNanos, 'nanoseconds')}, Total samples = ${fmt(total)} ${ratio}`);
  }
  lines.push(...activeFilterLines(active));
  const flatSum = rows.reduce((s, r) => s + r.flat, 0);
  lines.push(`Showing nodes accounting for ${fmt(flatSum)}, ${pprofPercentage(flatSum, total).trim()} of ${fmt(total)} total`);
  if (total !== 0) {
    if (report.droppedNodes > 0) {
      lines.push(`Dropped ${report.droppedNodes} node${report.droppedNodes > 1 ? 's' : ''} (cum <= ${fmt(Math.abs(Math.trunc(total * nodeFraction)))})`);
    }
    if (rows.length > 0 && rows.length < report.origCount) lines.push(`Showing top ${rows.length} nodes out of ${report.origCount}`);
  }
  lines.push(`${'flat'.padStart(10)} ${'flat'.padStart(5)}% ${'sum'.padStart(5)}% ${'cum'.padStart(10)} ${'cum'.padStart(5)}%`);
  let running = 0;
  for (const r of rows) {
    running += r.flat;
    lines.push(`${fmt(r.flat).padStart(10)} ${pprofPercentage(r.flat, total)} ${pprofPercentage(running, total)} `
      + `${fmt(r.cum).padStart(10)} ${pprofPercentage(r.cum, total)}  ${r.name}${r.inline === '' ? '' : ` (${r.inline})`}`);
  }
  return `${lines.join('\n')}\n`;
}
