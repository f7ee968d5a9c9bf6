/**
 * Raises the memory a WebAssembly binary may import. `zstd-codec`'s build declares at most
 * 16 MiB and cannot grow, which is less than one zstd stream takes at level 9 or four at
 * level 3; its loader sizes the memory from `TOTAL_MEMORY`, but the binary's declared maximum
 * must allow it. This rewrites that one field of the import section (the binary format is
 * fixed: webassembly.github.io/spec, "Binary Format", import section and limits).
 */

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** the binary with its imported memory's limits set to exactly `pages` (64 KiB each) */
export function withImportedMemory(wasm: Uint8Array, pages: number): Uint8Array {
  let at = 8; // magic and version
  const readLeb = (): number => {
    let n = 0;
    let shift = 0;
    for (;;) {
      const b = wasm[at++];
      n += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return n;
    }
  };
  while (at < wasm.length) {
    const id = wasm[at++];
    const sizeAt = at;
    const size = readLeb();
    const start = at;
    if (id !== 2) {
      at = start + size;
      continue;
    }
    const count = readLeb();
    for (let i = 0; i < count; i++) {
      // (`at += readLeb()` would add to the position before the length)
      for (const _name of ['module', 'field']) {
        const length = readLeb();
        at += length;
      }
      const kind = wasm[at++];
      if (kind === 0) readLeb();
      else if (kind === 1 || kind === 2) {
        if (kind === 1) at++; // element type
        const limitsAt = at;
        const flag = wasm[at++];
        readLeb();
        if (flag & 1) readLeb();
        if (kind === 2) {
          const limits = [0x01, ...leb(pages), ...leb(pages)];
          const body = [...wasm.subarray(start, limitsAt), ...limits, ...wasm.subarray(at, start + size)];
          return Uint8Array.from([...wasm.subarray(0, sizeAt - 1), 2, ...leb(body.length), ...body, ...wasm.subarray(start + size)]);
        }
      } else at += 2; // global: value type, mutability
    }
    break;
  }
  throw new Error('the WebAssembly binary imports no memory');
}
