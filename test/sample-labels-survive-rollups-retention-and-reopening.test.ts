import assert from 'node:assert/strict';
import type { Profile } from '../codec/profile.js';
import { compileFilters } from '../query/filters.js';
import { stacksFromProfiles } from '../query/from-profile.js';
import { tagBreakdown } from '../query/tags.js';
import { top } from '../query/top.js';
import { windowProfile, windowStacks } from '../query/window-stacks.js';
import type { WindowQuery } from '../store/profile-store.js';
import { backendTest } from './support/store-backends.js';
import { loadFixture, varied } from './support/temp-store.js';

const T0 = Date.UTC(2026, 0, 1);
const STEP = 10_000;

/** The profile with every tenant label's value replaced by `tenant`: a label set seen nowhere else. */
function withTenant(p: Profile, tenant: string): Profile {
  const strings = [...p.strings, tenant];
  const str = p.samples.labels.str.slice();
  p.samples.labels.key.forEach((k, i) => { if (p.strings[k] === 'tenant') str[i] = strings.length - 1; });
  return { ...p, strings, samples: { ...p.samples, labels: { ...p.samples.labels, str } } };
}

backendTest('sample labels of stored profiles come back the same from raw profiles, rollups, after retention and after reopening', {}, async (store) => {
  {
    const cpu = Array.from({ length: 12 }, (_, i) => varied(loadFixture('hotspots-labels.cpu.pb.gz'), i + 1));
    const parked = loadFixture('hotspots-labels.goroutine.pb.gz');
    for (const [i, profile] of cpu.entries()) await store.profiles.ingest({ profile, labels: { service: 'api' }, timeMs: T0 + i * STEP, intervalMs: STEP });
    for (let i = 0; i < 12; i++) await store.profiles.ingest({ profile: parked, labels: { service: 'parked' }, timeMs: T0 + i * STEP, intervalMs: STEP });
    // A label set seen in one profile only, before the others: retention collects it.
    await store.profiles.ingest({ profile: withTenant(loadFixture('hotspots-labels.cpu.pb.gz'), 'once'), labels: { service: 'api' }, timeMs: T0 - STEP, intervalMs: STEP });

    const q: WindowQuery = { selector: '{service="api"}', type: 'cpu', fromMs: T0, toMs: T0 + 3_600_000 };
    const focus = compileFilters({ tagfocus: 'handler=checkout', tagignore: 'tenant=globex' })!;
    const expected = {
      tags: tagBreakdown(cpu, 'cpu').keys,
      top: top(stacksFromProfiles(cpu, { sampleIndex: 'cpu', filters: focus })),
      lines: top(stacksFromProfiles(cpu, { sampleIndex: 'cpu', granularity: 'line' })),
    };
    const answers = async () => ({
      tags: tagBreakdown([(await windowProfile(store.profiles, q)).profile]).keys,
      top: top((await windowStacks(store.profiles, q, 'function', focus)).stacks),
      lines: top((await windowStacks(store.profiles, q, 'line')).stacks),
    });
    const goroutines = async () => {
      const g = (await windowProfile(store.profiles, { ...q, selector: '{service="parked"}', type: 'goroutine' }));
      return { tags: tagBreakdown([g.profile]).keys, top: top((await windowStacks(store.profiles, { ...q, selector: '{service="parked"}', type: 'goroutine' })).stacks) };
    };

    store.profiles.useRollups = false;
    assert.deepEqual(await answers(), expected, 'raw profiles');
    // Twelve equal snapshots: their time-weighted mean is one of them, label by label.
    assert.deepEqual(await goroutines(), {
      tags: tagBreakdown([parked]).keys, top: top(stacksFromProfiles([parked])),
    }, 'goroutine mean per stack and label set');
    const rawGoroutines = await goroutines();

    const compacted = await store.profiles.compact(T0 + 86_400_000) as { minutes: number; hours: number };
    assert.ok(compacted.minutes > 0 && compacted.hours > 0, 'rolled up');
    store.profiles.useRollups = true;
    assert.deepEqual(await answers(), expected, 'rollups');
    assert.deepEqual(await goroutines(), rawGoroutines, 'goroutine rollups');

    const retained = await store.profiles.retain(T0);
    assert.equal(retained.deletedProfiles, 1);
    assert.equal(retained.deletedLabelSets, 2, 'the two label sets with tenant "once" are collected');
    assert.equal((await store.profiles.retain(T0)).deletedLabelSets, 0, 'label sets still referred to are kept');
    assert.deepEqual(await answers(), expected, 'after retention');

    await store.reopen();
    assert.deepEqual(await answers(), expected, 'after reopening');
    assert.deepEqual(await goroutines(), rawGoroutines, 'goroutines after reopening');
    store.profiles.useRollups = false;
    assert.deepEqual(await answers(), expected, 'raw after reopening');
  }
});
