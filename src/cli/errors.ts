/** A command-line failure the user can fix: printed as one sentence, exit 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
