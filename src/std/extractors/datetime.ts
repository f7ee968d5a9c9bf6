/**
 * `datetime|format|`: parses the whole string with a chrono strftime format into integer
 * nanoseconds since the epoch (UTC). A format without an offset specifier (`%z`, `%:z`,
 * `%#z`, `%Z`, `%+`) reads the input as UTC; with one the input must carry an offset.
 *
 * The chrono parsing itself is shared with `std::datetime::parse`. Tremor does not check the
 * format when compiling, so a bad format is not an error: it just never matches.
 */
import { intFromBig } from '../../runtime/value.js';
import { parseDatetime } from '../datetime.js';
import type { ExtractorTest } from './extractor.js';

export function datetime(rule: string): ExtractorTest {
  return (s) => {
    let ns: number | bigint;
    try {
      ns = parseDatetime(s, rule);
    } catch {
      return undefined;
    }
    // Tremor returns the nanoseconds `as u64`: instants before 1970 wrap around
    return intFromBig(BigInt.asUintN(64, BigInt(ns)));
  };
}
