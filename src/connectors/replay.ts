/**
 * What the replaying test connectors (bench, cb) do with a file: split it into the elements
 * they send, as Tremor splits it — `BufReader::lines` (at `\n`, a `\r` before it dropped, no
 * empty element after a final newline) or fixed-size chunks — each element then decoded on
 * its own.
 */

/** the lines of `data`, without their line ends */
export function splitLines(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  while (start < data.length) {
    let end = data.indexOf(0x0a, start);
    const next = end < 0 ? data.length : end + 1;
    if (end < 0) end = data.length;
    out.push(data.subarray(start, end > start && data[end - 1] === 0x0d ? end - 1 : end));
    start = next;
  }
  return out;
}

/** `data` in pieces of `size` bytes (the last may be shorter) */
export function splitChunks(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}
