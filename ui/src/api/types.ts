// Shapes of the API's answers that the UI reads (see the route schemas under api/routes/).
import type { DiffNode, DiffRow } from '../../../query/diff.js';
import type { FlameNode } from '../../../query/flame.js';
import type { LineRow } from '../../../query/line-table.js';
import type { TagKey } from '../../../query/tags.js';
import type { TopRow } from '../../../query/top.js';

export type { DiffNode, DiffRow, FlameNode, LineRow, TagKey, TopRow };

export interface TagsResponse { type: string; unit: string; profiles: number; keys: TagKey[] }

export interface TopResponse { type: string; unit: string; total: number; profiles: number; rows: TopRow[] }
export interface FlameResponse { type: string; unit: string; total: number; profiles: number; root: FlameNode }
export interface ListResponse { type: string; unit: string; total: number; profiles: number; function: string; rows: LineRow[] }
export interface DiffResponse {
  type: string; unit: string; base: { total: number; profiles: number }; current: { total: number; profiles: number };
  baseScale: number; rows: DiffRow[]; root: DiffNode;
}
export interface SeriesResponseItem {
  labels: Record<string, string>;
  profiles: { id: number; t: number; total: number }[];
  points: { t: number; value: number; profiles: number }[];
}
export interface KnownType { name: string; kind: string; sampleType: string; unit: string; aggregation: string; snapshot: boolean }
export interface PresentType { type: string; unit: string; profiles: number; period: number; periodType: string; firstMs: number; lastMs: number }
export interface TypesResponse { known: KnownType[]; present: PresentType[] }
export interface Deploy {
  id: number; timeMs: number; targetId: string; service: string; reason: string;
  labelsBefore: Record<string, string>; labelsAfter: Record<string, string>;
}
export interface MemStatsReading { timeMs: number; targetId: string; service: string; labels: Record<string, string>; values: Record<string, number> }
export interface TargetHealth {
  state: 'up' | 'down' | 'unknown'; lastScrapeAt: number | null; lastDurationMs: number | null; lastError: string | null; consecutiveFailures: number;
}
export interface TargetView {
  id: string; service: string; url: string; pathPrefix: string; labels: Record<string, string>; interval: string; timeout: string;
  profiles: string[]; cpuSeconds: number; source: string; health: TargetHealth;
}
/** Body of a target create or change. */
export interface TargetBody {
  service?: string; url?: string; pathPrefix?: string; labels?: Record<string, string>; interval?: string; profiles?: string[];
}
