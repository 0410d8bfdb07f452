import type Database from 'better-sqlite3';
import { seriesKey } from '../../codec/identity.js';
import { SeriesLabelsRefused, SeriesLimit } from '../../common/errors.js';
import { labelSetProblem } from '../../common/labels.js';
import type { Labels, SeriesLimits } from '../../common/labels.js';
import { parseSelector, matches } from '../selector.js';


/**
 * Series (exact label sets) mirrored in memory; new ones are forgotten on rollback. The limits
 * bound it: a new label set must pass {@link labelSetProblem}, and no more than `maxSeries`
 * series are kept, so memory is at most `maxSeries` label sets of bounded size.
 */
export class SeriesIndex {
  readonly labels = new Map<number, Labels>();
  private readonly ids = new Map<string, number>();
  private nextId = 1;
  private added: string[] = [];
  private readonly insert: Database.Statement;

  constructor(db: Database.Database, private readonly limits: Readonly<SeriesLimits>) {
    this.insert = db.prepare('INSERT INTO series (id, labels) VALUES (?, ?)');
    for (const [id, json] of db.prepare('SELECT id, labels FROM series').raw().iterate() as IterableIterator<[number, string]>) {
      this.labels.set(id, Object.freeze(JSON.parse(json) as Record<string, string>));
      this.ids.set(json, id);
      this.nextId = Math.max(this.nextId, id + 1);
    }
  }

  /** Id of a label set, inserting it when new. */
  idFor(labels: Labels): number {
    const key = seriesKey(labels);
    let id = this.ids.get(key);
    if (id === undefined) {
      const problem = labelSetProblem(labels, this.limits);
      if (problem !== undefined) throw new SeriesLabelsRefused(problem);
      if (this.labels.size >= this.limits.maxSeries) throw new SeriesLimit(this.limits.maxSeries);
      id = this.nextId++;
      this.ids.set(key, id);
      this.labels.set(id, Object.freeze(JSON.parse(key) as Record<string, string>));
      this.added.push(key);
      this.insert.run(id, key);
    }
    return id;
  }

  /** Ids of the series a selector matches, ascending. */
  select(selector: string): number[] {
    const matchers = parseSelector(selector);
    const out: number[] = [];
    for (const [id, labels] of this.labels) if (matches(matchers, labels)) out.push(id);
    return out.sort((a, b) => a - b);
  }

  commit(): void {
    this.added.length = 0;
  }

  rollback(): void {
    for (const key of this.added) {
      const id = this.ids.get(key)!;
      this.ids.delete(key);
      this.labels.delete(id);
    }
    this.added.length = 0;
  }

  /** Forgets series whose rows were deleted. */
  drop(ids: Iterable<number>): void {
    for (const id of ids) {
      const labels = this.labels.get(id);
      if (labels === undefined) continue;
      this.ids.delete(seriesKey(labels));
      this.labels.delete(id);
    }
  }
}
