/** Labels of a series: always `service`, usually `instance`, plus target or upload labels. */
export type Labels = Readonly<Record<string, string>>;

/** A label name, as Prometheus has them: a letter or `_`, then letters, digits and `_`. */
export const LABEL_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

const LABEL_NAME = new RegExp(LABEL_NAME_PATTERN);

/** Why `name` is not a label name, or undefined when it is one. */
export function labelNameProblem(name: string): string | undefined {
  return LABEL_NAME.test(name) ? undefined : `"${name}" is not a label name (letters, digits and _; not starting with a digit)`;
}
