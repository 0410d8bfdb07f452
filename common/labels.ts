/** Labels of a series: always `service`, usually `instance`, plus target or upload labels. */
export type Labels = Readonly<Record<string, string>>;

/** A label name, as Prometheus has them: a letter or `_`, then letters, digits and `_`. */
export const LABEL_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

const LABEL_NAME = new RegExp(LABEL_NAME_PATTERN);

/** Why `name` is not a label name, or undefined when it is one. */
export function labelNameProblem(name: string): string | undefined {
  return LABEL_NAME.test(name) ? undefined : `"${name}" is not a label name (letters, digits and _; not starting with a digit)`;
}

/** Limits on the series a store keeps, as Prometheus has them; defaults in config/defaults.ts. */
export interface SeriesLimits {
  /** Labels in one series' label set, `service` and `instance` included. */
  maxLabelsPerSeries: number;
  /** Characters in one label value. */
  maxLabelValueLength: number;
  /** Distinct series (label sets) the store holds. */
  maxSeries: number;
}

/**
 * Why a label set may not become a series — a bad name, too many labels, a value too long —
 * naming the limit, or undefined when it may.
 */
export function labelSetProblem(labels: Labels, limits: Readonly<SeriesLimits>): string | undefined {
  const names = Object.keys(labels);
  if (names.length > limits.maxLabelsPerSeries) {
    return `${names.length} labels, over the limit of ${limits.maxLabelsPerSeries} labels per series (maxLabelsPerSeries)`;
  }
  for (const name of names) {
    const problem = labelNameProblem(name);
    if (problem !== undefined) return problem;
    const length = labels[name]!.length;
    if (length > limits.maxLabelValueLength) {
      return `label "${name}" has a value of ${length} characters, over the limit of ${limits.maxLabelValueLength} (maxLabelValueLength)`;
    }
  }
  return undefined;
}
