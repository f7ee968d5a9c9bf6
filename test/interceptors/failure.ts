/** Test helper: the PartialFailure an interceptor call throws (anything else fails the test). */
import { PartialFailure } from '../../src/interceptors/index.js';

export function failure(fn: () => unknown): PartialFailure {
  try {
    fn();
  } catch (e) {
    if (e instanceof PartialFailure) return e;
    throw e;
  }
  throw new Error('expected a PartialFailure');
}
