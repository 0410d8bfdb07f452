import type { DeployMarker, ScrapeRecordWriter, TargetRegistry } from '../store/metadata-store.js';
import type { IngestRequest, IngestResult, ProfileWriter } from '../store/profile-store.js';

/** Counts ingests instead of storing them, so a benchmark measures the collector's own work. */
export function countingStore(): ProfileWriter & ScrapeRecordWriter & Pick<TargetRegistry, 'listTargets'> & { ingests: number } {
  const s = {
    ingests: 0,
    ingest(req: IngestRequest): IngestResult { s.ingests++; return { id: s.ingests, created: true, kind: req.kind ?? 'other', types: [] }; },
    addMemStats() {},
    recordHealth() {},
    addDeploy: (m: Omit<DeployMarker, 'id'>): DeployMarker => ({ id: 0, ...m }),
    listTargets: () => [],
  };
  return s;
}
