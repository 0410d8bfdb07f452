import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Labels } from '../../common/labels.js';
import type { DnsSdConfig } from '../../config/scrape-job.js';
import type { TargetGroup } from '../../config/target-groups.js';
import { errorText, RefreshLoop } from './discoverer.js';
import type { Discoverer, DiscoveryStatus } from './discoverer.js';

function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * `dns_sd_configs`: every refresh_interval, looks up each name (SRV by default; A, AAAA, MX, NS
 * with the config's port) with the system's resolver or the config's `nameservers`. A name
 * whose lookup fails keeps its last good answer and the error is reported. Meta labels as in
 * Prometheus: `__meta_dns_name`, `__meta_dns_srv_record_target`, `__meta_dns_srv_record_port`,
 * `__meta_dns_mx_record_target`, `__meta_dns_ns_record_target`.
 */
export class DnsDiscovery implements Discoverer {
  private readonly loop: RefreshLoop;
  private readonly resolver = new Resolver({ timeout: 2000, tries: 2 });
  private readonly byName = new Map<string, TargetGroup[]>();
  private readonly errors = new Map<string, string>();
  private lastRefreshAt: number | null = null;
  private onGroups: (groups: TargetGroup[]) => void = () => {};

  constructor(private readonly config: DnsSdConfig) {
    if (config.nameservers !== undefined) this.resolver.setServers([...config.nameservers]);
    this.loop = new RefreshLoop(config.refreshIntervalMs, () => this.refresh());
  }

  start(onGroups: (groups: TargetGroup[]) => void): void {
    this.onGroups = onGroups;
    this.loop.start();
  }

  stop(): void {
    this.loop.stop();
    this.resolver.cancel();
  }

  status(): DiscoveryStatus[] {
    return this.config.names.map((name) => ({
      mechanism: 'dns_sd' as const, source: `${this.config.type} ${name}`,
      targets: (this.byName.get(name) ?? []).reduce((n, g) => n + g.targets.length, 0),
      lastRefreshAt: this.lastRefreshAt, lastError: this.errors.get(name) ?? null,
    }));
  }

  /** One group per record, each with its meta labels. */
  private async lookup(name: string): Promise<TargetGroup[]> {
    const meta = (labels: Record<string, string>): Labels => ({ __meta_dns_name: name, ...labels });
    const group = (i: number, address: string, labels: Record<string, string> = {}): TargetGroup => ({
      source: `dns:${name}:${i}`, targets: [address], labels: meta(labels),
    });
    const port = this.config.port ?? 0;
    switch (this.config.type) {
      case 'SRV':
        return (await this.resolver.resolveSrv(name)).map((r, i) => {
          const target = r.name.replace(/\.$/, '');
          return group(i, hostPort(target, r.port), { __meta_dns_srv_record_target: target, __meta_dns_srv_record_port: String(r.port) });
        });
      case 'A': return (await this.resolver.resolve4(name)).map((ip, i) => group(i, hostPort(ip, port)));
      case 'AAAA': return (await this.resolver.resolve6(name)).map((ip, i) => group(i, hostPort(ip, port)));
      case 'MX':
        return (await this.resolver.resolveMx(name)).map((r, i) => group(i, hostPort(r.exchange.replace(/\.$/, ''), port), { __meta_dns_mx_record_target: r.exchange }));
      case 'NS':
        return (await this.resolver.resolveNs(name)).map((ns, i) => group(i, hostPort(ns.replace(/\.$/, ''), port), { __meta_dns_ns_record_target: ns }));
    }
  }

  private async refresh(): Promise<void> {
    await Promise.all(this.config.names.map(async (name) => {
      try {
        this.byName.set(name, await this.lookup(name));
        this.errors.delete(name);
      } catch (err) {
        this.errors.set(name, `${this.config.type} lookup of ${name} failed: ${errorText(err)}`);
      }
    }));
    this.lastRefreshAt = Date.now();
    this.onGroups([...this.byName.values()].flat());
  }
}
