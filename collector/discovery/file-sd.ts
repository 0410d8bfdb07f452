import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import picomatch from 'picomatch';
import { parseTargetGroups } from '../../config/target-groups.js';
import type { TargetGroup } from '../../config/target-groups.js';
import type { FileSdConfig } from '../../config/scrape-job.js';
import { DEFAULTS } from '../../config/defaults.js';
import { errorText, RefreshLoop } from './discoverer.js';
import type { Discoverer, DiscoveryStatus } from './discoverer.js';

/**
 * `file_sd_configs`: JSON or YAML files of target groups, a glob allowed in the last path
 * element. Files are re-read when their folder changes (fs.watch) and every refresh_interval.
 * A file that cannot be read or parsed keeps its last good groups and its error is reported;
 * a file that is gone takes its groups with it. Every group gets `__meta_filepath`.
 */
export class FileDiscovery implements Discoverer {
  private readonly loop: RefreshLoop;
  private readonly watchers: FSWatcher[] = [];
  private readonly lastGood = new Map<string, TargetGroup[]>();
  private readonly errors = new Map<string, string>();
  private lastRefreshAt: number | null = null;
  private onGroups: (groups: TargetGroup[]) => void = () => {};
  private settle: NodeJS.Timeout | undefined;

  constructor(private readonly config: FileSdConfig) {
    this.loop = new RefreshLoop(config.refreshIntervalMs, () => this.refresh());
  }

  start(onGroups: (groups: TargetGroup[]) => void): void {
    this.onGroups = onGroups;
    for (const dir of new Set(this.config.files.map((f) => dirname(f)))) {
      try {
        const watcher = watch(dir, () => {
          clearTimeout(this.settle);
          this.settle = setTimeout(() => this.loop.trigger(), DEFAULTS.discovery.settleMs);
        });
        watcher.on('error', () => {});
        this.watchers.push(watcher);
      } catch {
        // a folder that does not exist yet is read again every refresh_interval
      }
    }
    this.loop.start();
  }

  stop(): void {
    this.loop.stop();
    clearTimeout(this.settle);
    for (const w of this.watchers) w.close();
  }

  status(): DiscoveryStatus[] {
    const groups = [...this.lastGood.values()].flat();
    const lastError = [...this.errors.entries()].map(([file, why]) => `${file}: ${why}`).join('; ');
    return [{
      mechanism: 'file_sd', source: this.config.files.join(', '),
      targets: groups.reduce((n, g) => n + g.targets.length, 0), lastRefreshAt: this.lastRefreshAt, lastError: lastError === '' ? null : lastError,
    }];
  }

  /** The files the patterns match now, sorted. */
  private async matchingFiles(): Promise<string[]> {
    const found = new Set<string>();
    for (const pattern of this.config.files) {
      const dir = dirname(pattern);
      const isMatch = picomatch(basename(pattern), { dot: false });
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        continue;
      }
      for (const name of names) if (isMatch(name)) found.add(join(dir, name));
    }
    return [...found].sort();
  }

  private async refresh(): Promise<void> {
    const files = await this.matchingFiles();
    for (const gone of [...this.lastGood.keys()].filter((f) => !files.includes(f))) this.lastGood.delete(gone);
    for (const gone of [...this.errors.keys()].filter((f) => !files.includes(f))) this.errors.delete(gone);
    for (const file of files) {
      try {
        const text = await readFile(file, 'utf8');
        const format = file.endsWith('.json') ? 'json' : 'yaml';
        this.lastGood.set(file, parseTargetGroups(text, format, file, { __meta_filepath: file }));
        this.errors.delete(file);
      } catch (err) {
        this.errors.set(file, errorText(err));
      }
    }
    this.lastRefreshAt = Date.now();
    this.onGroups([...this.lastGood.values()].flat());
  }
}
