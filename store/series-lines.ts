import type { LabelSet } from '../codec/identity.js';
import type { Labels } from '../common/labels.js';
import type { Aggregation } from '../common/profile-types.js';
import type { Series, SeriesGrouping, WindowQuery } from './profile-store.js';
import { unionLength } from './window-rules.js';

/**
 * Totals over time, the same for every backend: per stored profile and per step (aligned to
 * multiples of the step since the epoch), per series or per group of a label. A step of `sum`
 * adds its profiles' totals; a step of `mean` weighs each by the time it stands for its series
 * and divides by the time in which the line's window has profiles, as a window's mean does: a
 * series line's (or a series label's group's) own profiles, and for a sample label's group or
 * under a label filter every selected profile, since that is the window `sampleLabels` selects.
 * A backend reads the rows; this adds them up.
 */

/** One stored profile of a series query: its total of the type, and per label set when asked ({@link needsLabelSets}). */
export interface ProfileTotal {
  id: number;
  /** The series, numbered in the order series were first stored. */
  series: number;
  t: number;
  /** The time it stands for its series (store/ingest-rules.ts coverMs). */
  cover: number;
  total: number;
  labelSets?: ArrayLike<number>;
  labelTotals?: ArrayLike<number>;
  /** Set for a rollup: the profiles it merged and the spans they cover (flat [start, end) pairs). */
  rollup?: { profiles: number; spans: readonly number[] };
}

/** What is added up in one step of a line. */
interface Step {
  sum: number;
  weighted: number;
  profiles: number;
}

interface Line {
  labels: Labels;
  profiles: Series['profiles'];
  steps: Map<number, Step>;
  /** Per step, the spans of the profiles this line's window selects (series lines only). */
  spans?: Map<number, number[]>;
}

function pushSpan(map: Map<number, number[]>, step: number, row: ProfileTotal): void {
  let spans = map.get(step);
  if (spans === undefined) map.set(step, (spans = []));
  if (row.rollup === undefined) spans.push(row.t, row.t + row.cover);
  else for (const x of row.rollup.spans) spans.push(x);
}

/** True when the rows must carry their totals per label set. */
export function needsLabelSets(query: WindowQuery, groupBy?: SeriesGrouping): boolean {
  return groupBy?.kind === 'sample' || query.labelFilter !== undefined;
}

/** How rows of {@link seriesLines} are read. */
export interface SeriesLinesInput {
  query: WindowQuery;
  agg: Aggregation;
  stepMs: number;
  groupBy?: SeriesGrouping;
  /** The rows, ordered by series then time. */
  rows: readonly ProfileTotal[];
  seriesLabels(series: number): Labels;
  /** The label sets of the ids the rows carry (id 0: the empty set). */
  labelSets: ReadonlyMap<number, LabelSet>;
}

/** The lines of a series query from its rows. */
export function seriesLines(input: SeriesLinesInput): Series[] {
  const { query, agg, stepMs, groupBy, rows, labelSets: sets } = input;
  // The label filter and the sample grouping, made knowing every label set of the window.
  let keeps: ((set: LabelSet) => boolean) | undefined;
  let valuesOf: ((set: LabelSet) => readonly string[]) | undefined;
  if (needsLabelSets(query, groupBy)) {
    const ids = new Set<number>();
    for (const r of rows) for (let k = 0; k < r.labelSets!.length; k++) ids.add(r.labelSets![k]!);
    const ordered = [...ids].map((id) => sets.get(id)!);
    if (query.labelFilter !== undefined) keeps = query.labelFilter(ordered);
    if (groupBy?.kind === 'sample') valuesOf = groupBy.valuesOf(ordered);
  }

  const lines = new Map<string, Line>();
  const allSpans = new Map<number, number[]>();
  const lineOf = (key: string, labels: Labels, own: boolean): Line => {
    let line = lines.get(key);
    if (line === undefined) {
      line = { labels, profiles: [], steps: new Map() };
      if (own) line.spans = new Map();
      lines.set(key, line);
    }
    return line;
  };
  const add = (line: Line, row: ProfileTotal, step: number, total: number) => {
    // A rollup is no profile to open; its sums weigh the mean cover of the profiles it merged.
    if (row.rollup === undefined) line.profiles.push({ id: row.id, t: row.t, total });
    let s = line.steps.get(step);
    if (s === undefined) line.steps.set(step, (s = { sum: 0, weighted: 0, profiles: 0 }));
    s.sum += total;
    s.weighted += total * (row.rollup === undefined ? row.cover : row.cover / row.rollup.profiles);
    s.profiles += row.rollup?.profiles ?? 1;
  };
  for (const row of rows) {
    const step = Math.floor(row.t / stepMs) * stepMs;
    pushSpan(allSpans, step, row);
    if (groupBy?.kind === 'sample') {
      const groups = new Map<string, number>();
      for (let k = 0; k < row.labelSets!.length; k++) {
        const set = sets.get(row.labelSets![k]!)!;
        if (keeps !== undefined && !keeps(set)) continue;
        const values = valuesOf!(set);
        for (const value of values.length === 0 ? [''] : values) groups.set(value, (groups.get(value) ?? 0) + row.labelTotals![k]!);
      }
      for (const [value, total] of groups) add(lineOf(value, { [groupBy.label]: value }, false), row, step, total);
      continue;
    }
    const labels = input.seriesLabels(row.series);
    const line = groupBy === undefined
      ? lineOf(String(row.series), labels, true)
      : lineOf(labels[groupBy.label] ?? '', { [groupBy.label]: labels[groupBy.label] ?? '' }, true);
    pushSpan(line.spans!, step, row);
    let total = row.total;
    if (keeps !== undefined) {
      total = 0;
      for (let k = 0; k < row.labelSets!.length; k++) if (keeps(sets.get(row.labelSets![k]!)!)) total += row.labelTotals![k]!;
    }
    add(line, row, step, total);
  }

  const ordered = groupBy === undefined ? [...lines.values()] : [...lines.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, l]) => l);
  return ordered.map((line) => ({
    labels: line.labels,
    profiles: line.profiles,
    points: [...line.steps.entries()].sort(([a], [b]) => a - b).map(([t, s]) => {
      const presence = agg === 'mean' ? unionLength((line.spans ?? allSpans).get(t) ?? []) : 0;
      const value = agg === 'sum' ? s.sum : presence > 0 ? s.weighted / presence : s.sum / s.profiles;
      return { t, value, profiles: s.profiles };
    }),
  }));
}
