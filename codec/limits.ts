/** Limits applied while decoding a profile. Every one of them is a guard against hostile input. */
export interface DecodeLimits {
  /** Largest accepted input as received (gzip'd or not), in bytes. */
  maxCompressedBytes: number;
  /** Largest accepted protobuf after inflation, in bytes. Inflation stops at this size. */
  maxDecompressedBytes: number;
  /** Largest accepted number of samples. */
  maxSamples: number;
  /** Largest number of labels on one sample. */
  maxLabelsPerSample: number;
  /** Longest label key or string value, in characters. */
  maxLabelLength: number;
  /** Deeper stacks are cut to this many frames, the outermost replaced by a marker frame. */
  maxStackDepth: number;
}

const MiB = 1024 * 1024;

/** The defaults: generous for real Go profiles, small enough to refuse bombs fast. */
export const defaultLimits: Readonly<DecodeLimits> = Object.freeze({
  maxCompressedBytes: 64 * MiB,
  maxDecompressedBytes: 64 * MiB,
  maxSamples: 1_000_000,
  maxLabelsPerSample: 64,
  maxLabelLength: 1024,
  maxStackDepth: 1024,
});

/** Merges overrides into the defaults and freezes the result. */
export function resolveLimits(overrides: Partial<DecodeLimits> = {}): Readonly<DecodeLimits> {
  const limits = { ...defaultLimits };
  for (const [key, value] of Object.entries(overrides) as [keyof DecodeLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`limit ${key} must be a positive number, got ${value}`);
    limits[key] = value;
  }
  return Object.freeze(limits);
}

/** The name of the frame that stands for the frames cut from a too-deep stack. */
export const TRUNCATED_FRAME_NAME = '[flamewatch: stack truncated]';
