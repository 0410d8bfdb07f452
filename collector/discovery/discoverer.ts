import type { TargetGroup } from '../../config/target-groups.js';

/** How one discovery source is doing, for logs and the API. */
export interface DiscoveryStatus {
  mechanism: 'file_sd' | 'http_sd' | 'dns_sd';
  /** The file pattern, URL or DNS name asked. */
  source: string;
  /** Addresses in its current groups. */
  targets: number;
  lastRefreshAt: number | null;
  /** Why the last refresh failed (the last good groups are kept), or null. */
  lastError: string | null;
}

/**
 * One discovery config of a scrape config (`file_sd_configs[i]`, …): it calls `onGroups` with
 * its complete current list of target groups whenever that list may have changed.
 */
export interface Discoverer {
  start(onGroups: (groups: TargetGroup[]) => void): void;
  stop(): void;
  status(): DiscoveryStatus[];
}

/** Runs `refresh` now and every `intervalMs`, never two at once; stop() ends it. */
export class RefreshLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly intervalMs: number, private readonly refresh: () => Promise<void>) {}

  start(): void {
    this.trigger();
    this.timer = setInterval(() => this.trigger(), this.intervalMs);
    this.timer.unref();
  }

  /** Refreshes as soon as the running refresh (if any) ends. */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) { this.again = true; return; }
    this.running = this.refresh().finally(() => {
      this.running = undefined;
      if (this.again) { this.again = false; this.trigger(); }
    });
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }
}

/** The message of an error, for a status line. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
