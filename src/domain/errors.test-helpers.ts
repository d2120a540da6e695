/** Test helper: the InputError a parser throws. */
import { InputError } from './errors.js';

/**
 * Runs `run` and returns the InputError it throws; fails the test when it throws nothing
 * (`input`, if given, names what should have been rejected) or something else.
 */
export function inputErrorOf(run: () => unknown, input?: unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(input === undefined ? 'expected an InputError' : `expected ${JSON.stringify(input)} to be rejected`);
}
