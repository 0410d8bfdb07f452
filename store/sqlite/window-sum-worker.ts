import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { RowSums } from './row-sums.js';
import { accumulateColumn } from './sample-blob.js';
import type { SumAnswer, SumMessage } from './window-sums.js';

/**
 * A thread of the window sums (window-sums.ts): adds the blobs of the chunks it is sent into
 * its own sums, and at the end of a window answers with its touched rows, then wakes the
 * waiting reader through the shared flag.
 */
const { port, flag } = workerData as { port: MessagePort; flag: Int32Array };
let sums = new RowSums(0);
let failed: string | undefined;

port.on('message', (message: SumMessage) => {
  if (message.end === undefined) {
    if (failed !== undefined) return;
    try {
      if (sums.base < message.base) sums = new RowSums(message.base);
      const { bytes, offsets } = message;
      for (let i = 0; i < message.columns.length; i++) {
        accumulateColumn(bytes.subarray(offsets[i]!, offsets[i + 1]!), message.columns[i]!, sums, message.factors[i]);
      }
    } catch (err) {
      failed = err instanceof Error ? err.message : String(err);
    }
    return;
  }
  let answer: SumAnswer;
  if (failed !== undefined) answer = { error: failed };
  else {
    const n = sums.length, acc = sums.layers[0]!;
    const stackIds = new Uint32Array(n), labelSetIds = new Uint32Array(n), values = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const slot = sums.list[k]!;
      stackIds[k] = sums.stackOf(slot);
      labelSetIds[k] = sums.labelSetOf(slot);
      values[k] = acc[slot]!;
    }
    answer = { stackIds, labelSetIds, values };
  }
  sums.reset();
  failed = undefined;
  port.postMessage(answer, 'error' in answer ? [] : [answer.stackIds.buffer as ArrayBuffer, answer.labelSetIds.buffer as ArrayBuffer, answer.values.buffer as ArrayBuffer]);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
parentPort?.unref();
