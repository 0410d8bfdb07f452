import { parseTargetGroups } from '../../config/target-groups.js';
import type { TargetGroup } from '../../config/target-groups.js';
import type { HttpSdConfig } from '../../config/scrape-job.js';
import { DEFAULTS } from '../../config/defaults.js';
import type { ScrapeClient } from '../scrape-client.js';
import { errorText, RefreshLoop } from './discoverer.js';
import type { Discoverer, DiscoveryStatus } from './discoverer.js';

/**
 * `http_sd_configs`: GETs a URL every refresh_interval, with the config's auth and TLS, through
 * the scrape client (so the address policy applies). The answer must be 200 with a JSON list of
 * target groups; anything else keeps the last good groups and is reported. Every group gets
 * `__meta_url`.
 */
export class HttpDiscovery implements Discoverer {
  private readonly loop: RefreshLoop;
  private groups: TargetGroup[] = [];
  private lastRefreshAt: number | null = null;
  private lastError: string | null = null;
  private readonly abort = new AbortController();

  constructor(private readonly config: HttpSdConfig, private readonly client: ScrapeClient) {
    this.loop = new RefreshLoop(config.refreshIntervalMs, () => this.refresh());
  }

  start(onGroups: (groups: TargetGroup[]) => void): void {
    this.onGroups = onGroups;
    this.loop.start();
  }

  private onGroups: (groups: TargetGroup[]) => void = () => {};

  stop(): void {
    this.loop.stop();
    this.abort.abort();
  }

  status(): DiscoveryStatus[] {
    return [{
      mechanism: 'http_sd', source: this.config.url, targets: this.groups.reduce((n, g) => n + g.targets.length, 0),
      lastRefreshAt: this.lastRefreshAt, lastError: this.lastError,
    }];
  }

  private async refresh(): Promise<void> {
    try {
      const res = await this.client.fetch(this.config.settings, this.config.url, {
        timeoutMs: Math.min(this.config.refreshIntervalMs, 30_000), maxBytes: DEFAULTS.discovery.httpMaxBodyBytes,
        signal: this.abort.signal, headers: { accept: 'application/json' },
      });
      const text = Buffer.from(res.bytes.buffer, res.bytes.byteOffset, res.bytes.byteLength).toString('utf8');
      this.groups = parseTargetGroups(text, 'json', this.config.url, { __meta_url: this.config.url });
      this.lastError = null;
      this.onGroups(this.groups);
    } catch (err) {
      if (this.abort.signal.aborted) return;
      this.lastError = errorText(err);
    } finally {
      this.lastRefreshAt = Date.now();
    }
  }
}
