import type { Command } from 'commander';
import { parseCount } from '../parse-options.js';
import { clientFor, collectLabel, withServerFlags } from '../server-flags.js';
import type { ServerFlags } from '../server-flags.js';

/** A target as the server lists it. */
interface TargetView {
  id: string;
  service: string;
  url: string;
  pathPrefix: string;
  labels: Record<string, string>;
  interval: string;
  timeout: string;
  profiles: string[];
  cpuSeconds: number;
  health: { state: string; lastScrapeAt: number | null; lastError: string | null; consecutiveFailures: number };
}

interface AddFlags extends ServerFlags {
  service: string;
  url: string;
  pathPrefix?: string;
  label?: Record<string, string>;
  interval?: string;
  timeout?: string;
  profiles?: string;
  cpuSeconds?: number;
  json?: boolean;
}

function renderTargets(targets: TargetView[]): string {
  const header = ['ID', 'SERVICE', 'URL', 'INTERVAL', 'PROFILES', 'HEALTH', 'LAST ERROR'];
  const rows = targets.map((t) => [
    t.id, t.service, `${t.url}${t.pathPrefix}`, t.interval, t.profiles.join(','), t.health.state, t.health.lastError ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** `flamewatch targets add|list|rm`: manage the scrape targets of a server. */
export function registerTargets(program: Command): void {
  const targets = program.command('targets').description('manage the scrape targets of a flamewatch server');

  withServerFlags(targets.command('add').description('register a Go service serving net/http/pprof'))
    .requiredOption('--service <name>', 'service name')
    .requiredOption('--url <url>', 'base URL, e.g. http://10.0.0.5:6060')
    .option('--path-prefix <path>', 'where pprof is mounted (default /debug/pprof)')
    .option('--label <k=v>', 'extra label (repeatable)', collectLabel)
    .option('--interval <duration>', 'scrape interval (default 15s)')
    .option('--timeout <duration>', 'scrape timeout (default the interval)')
    .option('--profiles <list>', 'comma-separated: cpu,heap,goroutine,block,mutex,allocs (default cpu,heap)')
    .option('--cpu-seconds <n>', 'CPU profile length (default interval - 1s)', parseCount)
    .option('--json', 'print the created target as JSON')
    .action(async (flags: AddFlags) => {
      const created = await clientFor(flags).postJson<TargetView>('/api/v1/targets', {
        service: flags.service, url: flags.url, pathPrefix: flags.pathPrefix, labels: flags.label,
        interval: flags.interval, timeout: flags.timeout, profiles: flags.profiles?.split(',').map((p) => p.trim()).filter(Boolean),
        cpuSeconds: flags.cpuSeconds,
      });
      process.stdout.write(flags.json ? `${JSON.stringify(created)}\n` : `${created.id}\n`);
    });

  withServerFlags(targets.command('list').alias('ls').description('list targets with their health'))
    .option('--json', 'print JSON')
    .action(async (flags: ServerFlags & { json?: boolean }) => {
      const list = await clientFor(flags).getJson<TargetView[]>('/api/v1/targets');
      process.stdout.write(flags.json ? `${JSON.stringify(list)}\n` : renderTargets(list));
    });

  withServerFlags(targets.command('rm').alias('remove').description('remove targets by id'))
    .argument('<ids...>', 'target ids')
    .action(async (ids: string[], flags: ServerFlags) => {
      const client = clientFor(flags);
      for (const id of ids) await client.delete(`/api/v1/targets/${encodeURIComponent(id)}`);
    });
}
