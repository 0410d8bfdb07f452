import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { DEFAULTS } from '../../config/defaults.js';
import type { CallGraphView } from '../../query/call-graph.js';
import { CliUsageError } from '../cli-error.js';
import { filterSpecOf, fromServer, serverSampleType, localProfiles, localSampleIndex, windowParams, withAnalysisFlags } from '../analysis-flags.js';
import type { AnalysisFlags } from '../analysis-flags.js';
import { clientFor } from '../server-flags.js';

interface GraphFlags extends AnalysisFlags {
  format: 'dot' | 'svg' | 'json';
  output?: string;
  lines?: boolean;
  nodecount?: number;
  nodefraction?: number;
  edgefraction?: number;
}

const { graph: G } = DEFAULTS.query;

function parseFraction(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`expected a fraction from 0 to 1, got "${value}"`);
  return n;
}

function parseNodeCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a count (0 for all), got "${value}"`);
  return n;
}

/** The graph of local files: DOT or JSON, rendered to SVG by Graphviz when asked. */
async function localGraph(files: string[], flags: GraphFlags): Promise<string | Buffer> {
  const [{ callGraph }, { compileFilters }] = await Promise.all([import('../../query/call-graph.js'), import('../../query/filters.js')]);
  const filters = compileFilters(filterSpecOf(flags));
  const { view, dot } = callGraph(await localProfiles(files), {
    sampleIndex: localSampleIndex(flags), granularity: flags.lines ? 'line' : 'function', ...(filters ? { filters } : {}),
    nodeCount: flags.nodecount ?? G.nodeCount, nodeFraction: flags.nodefraction ?? G.nodeFraction, edgeFraction: flags.edgefraction ?? G.edgeFraction,
  });
  if (flags.format === 'json') return `${JSON.stringify(view)}\n`;
  if (flags.format === 'dot') return dot;
  const { renderSvg } = await import('../../api/graphviz.js');
  return renderSvg(dot);
}

/** The graph of a server window, as the server renders it. */
async function remoteGraph(flags: GraphFlags & { server: string }): Promise<string> {
  const client = clientFor(flags);
  const params = {
    ...windowParams(flags), format: flags.format, granularity: flags.lines ? 'line' : 'function',
    nodecount: flags.nodecount, nodefraction: flags.nodefraction, edgefraction: flags.edgefraction,
  };
  if (flags.format === 'json') {
    const { unit, total, nodes, edges } = await client.getJson<CallGraphView>('/api/v1/graph', params);
    return `${JSON.stringify({ type: serverSampleType(flags), unit, total, nodes, edges })}\n`;
  }
  return client.getText('/api/v1/graph', params);
}

/** `flamewatch graph FILE...`: the call graph as `go tool pprof -dot` draws it, in DOT, SVG (Graphviz) or JSON. */
export function registerGraph(program: Command): void {
  withAnalysisFlags(program
    .command('graph')
    .description('the call graph (like go tool pprof -dot / -svg) of pprof files, merged, or of a window on a server')
    .argument('[files...]', 'pprof files; not with --server'), 'same as --format json')
    .option('--format <dot|svg|json>', 'output format; svg needs Graphviz (Debian package graphviz)', 'dot')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--lines', 'one node per function and source line')
    .option('--nodecount <n>', `show at most N nodes, 0 for all (default ${G.nodeCount})`, parseNodeCount)
    .option('--nodefraction <f>', `hide nodes under this share of the total (default ${G.nodeFraction})`, parseFraction)
    .option('--edgefraction <f>', `hide edges under this share of the total (default ${G.edgeFraction})`, parseFraction)
    .action(async (files: string[], flags: GraphFlags) => {
      if (flags.json) flags.format = 'json';
      if (!['dot', 'svg', 'json'].includes(flags.format)) throw new CliUsageError(`unknown --format "${flags.format}" (dot, svg or json)`);
      const out = fromServer(files, flags) ? await remoteGraph(flags) : await localGraph(files, flags);
      if (flags.output !== undefined) await writeFile(flags.output, out);
      else process.stdout.write(out);
    });
}
