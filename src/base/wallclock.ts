/**
 * Wall-clock nanoseconds since the epoch, exact (a bigint), with sub-millisecond resolution:
 * the monotonic clock offset by the epoch time measured once.
 */
const origin = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

export function wallClockNs(): bigint {
  return origin + process.hrtime.bigint();
}
