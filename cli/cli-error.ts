/** A mistake in how the CLI was called; printed as one line, exit code 2. */
export class CliUsageError extends Error {
  readonly exitCode = 2;
}

/** A command that ran but did not fully succeed (e.g. some uploads failed); its message may span lines. */
export class CliFailure extends Error {
  readonly exitCode = 1;
}
