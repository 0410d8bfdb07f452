/** A mistake in how the CLI was called; printed as one line, exit code 2. */
export class CliUsageError extends Error {
  readonly exitCode = 2;
}
