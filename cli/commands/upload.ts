import { readFile } from 'node:fs/promises';
import type { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { isFlamewatchError } from '../../common/errors.js';
import { CliFailure, CliUsageError } from '../cli-error.js';
import type { FlamewatchClient } from '../http-client.js';
import type { RetryNotice } from '../retry.js';
import { clientFor, collectLabel, withServerFlags } from '../server-flags.js';
import type { ServerFlags } from '../server-flags.js';

interface UploadFlags extends ServerFlags {
  service: string;
  label?: Record<string, string>;
  kind?: string;
  at?: string;
  progress: boolean;
  json?: boolean;
}

interface IngestAnswer {
  ids: number[];
  type: string;
  types: string[];
}

/** Files at or above this count get a progress bar (on a terminal). */
export const PROGRESS_MIN_FILES = 2;

function labelsParam(labels: Record<string, string> | undefined): string | undefined {
  if (!labels) return undefined;
  const parts = Object.entries(labels).map(([k, v]) => {
    if (v.includes(',')) throw new CliUsageError(`label ${k}: values cannot contain ","`);
    return `${k}=${v}`;
  });
  return parts.length > 0 ? parts.join(',') : undefined;
}

async function readProfileFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliUsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? String(err)}`);
  }
}

async function uploadOne(client: FlamewatchClient, file: string, flags: UploadFlags): Promise<IngestAnswer> {
  const bytes = await readProfileFile(file);
  try {
    return await client.postBytes<IngestAnswer>('/api/v1/ingest', {
      service: flags.service, labels: labelsParam(flags.label), kind: flags.kind, at: flags.at,
    }, bytes);
  } catch (err) {
    if (err instanceof Error) err.message = `${file}: ${err.message}`;
    throw err;
  }
}

/** The progress bar of a terminal; cli-progress is loaded only then. */
async function progressBar(): Promise<SingleBar> {
  const { SingleBar: Bar, Presets } = await import('cli-progress');
  return new Bar({ stream: process.stderr, format: 'upload [{bar}] {value}/{total} {file}{status}', hideCursor: true }, Presets.shades_classic);
}

/** Shows a retry's wait in the progress bar, or on a line of its own without one. */
function showRetry(bar: SingleBar | undefined, notice: RetryNotice): void {
  const text = `${notice.reason}: retry ${notice.retry} in ${(notice.waitMs / 1000).toFixed(1)}s`;
  if (bar) bar.update({ status: ` (${text})` });
  else process.stderr.write(`flamewatch: ${text}\n`);
}

/** `flamewatch upload --service NAME FILE...`: push profiles of batch jobs to a server. */
export function registerUpload(program: Command): void {
  withServerFlags(program.command('upload').description('push pprof files to a flamewatch server (for batch jobs)'))
    .argument('<files...>', 'pprof files (gzip or plain protobuf)')
    .requiredOption('--service <name>', 'service name')
    .option('--label <k=v>', 'extra label (repeatable)', collectLabel)
    .option('--kind <kind>', 'cpu, heap, goroutine, block or mutex (default: inferred)')
    .option('--at <time>', 'time of the profiles (default: their own time, else now)')
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print one JSON line per file: {file, ids, type}')
    .action(async (files: string[], flags: UploadFlags) => {
      const bar = flags.progress && files.length >= PROGRESS_MIN_FILES && process.stderr.isTTY
        ? await progressBar()
        : undefined;
      const client = clientFor(flags, process.env, { onRetry: (n) => showRetry(bar, n) });
      bar?.start(files.length, 0, { file: '', status: '' });
      let ids = 0;
      // A bad file does not stop the others: each failure is reported at the end.
      const failures: string[] = [];
      try {
        for (const file of files) {
          try {
            const answer = await uploadOne(client, file, flags);
            ids += answer.ids.length;
            if (flags.json) process.stdout.write(`${JSON.stringify({ file, ids: answer.ids, type: answer.type })}\n`);
          } catch (err) {
            if (!isFlamewatchError(err) && !(err instanceof CliUsageError)) throw err;
            const code = (err as { serverCode?: string; code?: string }).serverCode ?? (err as { code?: string }).code;
            failures.push(code === undefined ? err.message : `${err.message} [${code}]`);
          }
          bar?.increment(1, { file, status: '' });
        }
      } finally {
        bar?.stop();
      }
      const uploaded = files.length - failures.length;
      if (!flags.json) process.stdout.write(`uploaded ${uploaded} file${uploaded === 1 ? '' : 's'} (${ids} profile${ids === 1 ? '' : 's'})\n`);
      if (failures.length > 0) {
        throw new CliFailure(`${failures.length} of ${files.length} file${files.length === 1 ? '' : 's'} failed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
      }
    });
}
