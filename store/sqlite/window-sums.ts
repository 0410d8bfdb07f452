import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { DEFAULTS } from '../../config/defaults.js';
import type { RowSums } from './row-sums.js';
import { accumulateColumn } from './sample-blob.js';

/**
 * A chunk of blobs for a thread to add — blob i is `bytes[offsets[i], offsets[i + 1])`, added
 * with its column and factor — or the end of a window.
 */
export type SumMessage =
  | { end?: undefined; base: number; bytes: Uint8Array; offsets: Uint32Array; columns: number[]; factors: number[] }
  | { end: true };

/** A thread's sums of a window: its touched rows, or why it could not add them. */
export type SumAnswer = { stackIds: Uint32Array; labelSetIds: Uint32Array; values: Float64Array } | { error: string };

/** How to split a window's blobs across threads. */
export interface WindowSumOptions {
  /** Threads besides the reader's; `auto`: one less than the cores, at most 3. 0 adds every blob on the reader's thread. */
  workers: number | 'auto';
  /** Blob bytes a window reads on the reader's thread alone before it shares the rest (small windows stay on one thread). */
  parallelBytes: number;
}

/** Blob bytes sent to a thread in one message. */
const CHUNK_BYTES = 256 * 1024;
/** The reading thread also reads the blobs from the database: it counts its bytes this much more. */
const READER_WEIGHT = 1.7;
/** How long the reader waits for a thread before it adds that thread's blobs itself. */
const WAIT_MS = 30_000;

interface SumThread {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

/** The threads, started on the first window that needs them and shared by every store of the process. */
const threads: (SumThread | undefined)[] = [];

function thread(i: number): SumThread {
  const existing = threads[i];
  if (existing !== undefined) return existing;
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('./window-sum-worker.js', import.meta.url), { workerData: { port: port2, flag }, transferList: [port2] });
  worker.unref();
  const t = { worker, port: port1, flag };
  // A thread that fails is replaced at the next window; the reader adds what it was sent.
  worker.on('error', () => { if (threads[i] === t) threads[i] = undefined; });
  threads[i] = t;
  return t;
}

function workersOf(option: number | 'auto'): number {
  return option === 'auto' ? Math.max(0, Math.min(3, availableParallelism() - 1)) : option;
}

/** What one thread was sent of a window: kept so the reader can add it itself if the thread does not answer. */
interface Share {
  bytes: number;
  blobs: Uint8Array[];
  columns: number[];
  factors: number[];
  /** Blobs of `blobs` already posted. */
  posted: number;
  postedBytes: number;
}

/**
 * Adds the blobs of one window into `sums`: the first `parallelBytes` on the calling thread,
 * then each blob to whichever of the calling thread and the worker threads has been given
 * the fewest bytes (the calling thread's weighted, as it reads them too), sent in chunks as they come so the threads add while the reader still
 * reads. {@link finish} waits (synchronously: the read stays one call) for the threads'
 * sums and adds them in. Sums of integers below 2^53 are exact in any order, so the window
 * is the same whichever thread added what.
 */
export class WindowSums {
  private readonly workers: number;
  private readonly shares: Share[] = [];
  private own = 0;

  constructor(private readonly sums: RowSums, private readonly options: WindowSumOptions = DEFAULTS.store.windowSums) {
    this.workers = workersOf(options.workers);
  }

  add(blob: Uint8Array, column: number, factor = 1): void {
    if (this.workers === 0 || this.own < this.options.parallelBytes) {
      this.own += blob.length;
      accumulateColumn(blob, column, this.sums, factor);
      return;
    }
    let best = -1, least = this.own * READER_WEIGHT;
    for (let i = 0; i < this.workers; i++) {
      const bytes = this.shares[i]?.bytes ?? 0;
      if (bytes < least) {
        best = i;
        least = bytes;
      }
    }
    if (best < 0) {
      this.own += blob.length;
      accumulateColumn(blob, column, this.sums, factor);
      return;
    }
    let share = this.shares[best];
    if (share === undefined) this.shares[best] = share = { bytes: 0, blobs: [], columns: [], factors: [], posted: 0, postedBytes: 0 };
    share.bytes += blob.length;
    share.blobs.push(blob);
    share.columns.push(column);
    share.factors.push(factor);
    if (share.bytes - share.postedBytes >= CHUNK_BYTES) this.post(best, share);
  }

  private post(i: number, share: Share): void {
    const from = share.posted, to = share.blobs.length;
    if (to === from) return;
    // One buffer per chunk, moved to the thread rather than copied; the reader keeps its blobs.
    const bytes = new Uint8Array(share.bytes - share.postedBytes);
    const offsets = new Uint32Array(to - from + 1);
    for (let k = from; k < to; k++) {
      const blob = share.blobs[k]!;
      bytes.set(blob, offsets[k - from]!);
      offsets[k - from + 1] = offsets[k - from]! + blob.length;
    }
    const message: SumMessage = {
      base: this.sums.base, bytes, offsets, columns: share.columns.slice(from, to), factors: share.factors.slice(from, to),
    };
    thread(i).port.postMessage(message, [bytes.buffer]);
    share.posted = to;
    share.postedBytes = share.bytes;
  }

  /** Waits for the threads' sums and adds them into the window's. */
  finish(): void {
    for (const [i, share] of this.shares.entries()) {
      if (share === undefined) continue;
      this.post(i, share);
      const t = thread(i);
      Atomics.store(t.flag, 0, 0);
      t.port.postMessage({ end: true } satisfies SumMessage);
    }
    for (const [i, share] of this.shares.entries()) {
      if (share === undefined) continue;
      const t = thread(i);
      const woken = Atomics.wait(t.flag, 0, 0, WAIT_MS);
      const answer = woken === 'timed-out' ? undefined : receiveMessageOnPort(t.port)?.message as SumAnswer | undefined;
      if (answer === undefined || 'error' in answer) {
        // No answer (or the thread failed): add its blobs here; a blob that cannot be read throws here as on one thread.
        if (answer === undefined) {
          void t.worker.terminate();
          threads[i] = undefined;
        }
        for (let k = 0; k < share.blobs.length; k++) accumulateColumn(share.blobs[k]!, share.columns[k]!, this.sums, share.factors[k]);
        continue;
      }
      const sums = this.sums;
      for (let k = 0; k < answer.stackIds.length; k++) {
        const slot = sums.slot(answer.stackIds[k]!, answer.labelSetIds[k]!);
        sums.layers[0]![slot]! += answer.values[k]!;
        sums.touch(slot);
      }
    }
    this.shares.length = 0;
  }
}
