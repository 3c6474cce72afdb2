/** A mistake in how the command was called (bad flag value, missing file): exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}
