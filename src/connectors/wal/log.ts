/**
 * The write-ahead log on disk (Tremor's `qwal`, as the `wal` connector uses it): records
 * appended in order, each with a sequence number; an ack position (every record up to it is
 * done); chunk files deleted once every record in them is acked.
 *
 * Layout in the directory:
 *   00000000.wal, 00000001.wal, …   chunks of records, a new one once `chunkSize` bytes would be
 *                                   passed (a larger record gets a chunk to itself)
 *   ack                             8 bytes: the sequence number after the last acked one
 * A record is [u32 payload length][u32 crc32 of the payload][u64 sequence number][payload].
 *
 * Durability: every append and every ack is written before it returns (synchronous writes of
 * one buffer each, so a killed process — even kill -9 — leaves whole records behind, or a
 * torn last one, which opening detects by its length or checksum and cuts off). The
 * operating system's page cache is trusted: a power cut may lose the last writes (no fsync
 * per record, as qwal). Opening rebuilds the index of unacked records from the chunks.
 *
 * Bounds: at most `maxChunks` chunks exist; `room()` says whether the next record may start a
 * new one, so the sink waits (backpressure) until acks free a chunk instead of failing.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const HEADER = 16;
const ACK_FILE = 'ack';

/** where a record is */
interface Slot {
  seq: number;
  chunk: number;
  offset: number;
  length: number;
}

interface Chunk {
  index: number;
  fd: number;
  size: number;
  /** the highest sequence number in it (-1: none) */
  last: number;
}

export class WalLog {
  private readonly chunks: Chunk[] = [];
  /** the records not yet acked, in order */
  private slots: Slot[] = [];
  private nextSeq = 0;
  /** every record below this one is acked */
  private ackedBelow = 0;
  private readonly ackFd: number;

  private constructor(
    readonly dir: string,
    private readonly chunkSize: number,
    private readonly maxChunks: number,
  ) {
    const ackPath = path.join(dir, ACK_FILE);
    this.ackFd = fs.openSync(ackPath, fs.existsSync(ackPath) ? 'r+' : 'w+');
    const b = Buffer.alloc(8);
    if (fs.readSync(this.ackFd, b, 0, 8, 0) === 8) this.ackedBelow = Number(b.readBigUInt64BE(0));
  }

  /** opens (or creates) the log in `dir`, recovering what a killed process left */
  static open(dir: string, chunkSize: number, maxChunks: number): WalLog {
    fs.mkdirSync(dir, { recursive: true });
    const log = new WalLog(dir, chunkSize, maxChunks);
    const names = fs
      .readdirSync(dir)
      .filter((n) => /^\d{8}\.wal$/.test(n))
      .sort();
    for (const name of names) log.recover(Number(name.slice(0, 8)));
    log.nextSeq = Math.max(log.nextSeq, log.ackedBelow);
    log.collect();
    return log;
  }

  /** the sequence number the next append gets */
  get next(): number {
    return this.nextSeq;
  }

  /** every record below this one is acked */
  get acked(): number {
    return this.ackedBelow;
  }

  /** records not yet acked */
  get pending(): number {
    return this.slots.length;
  }

  /** whether a record of `bytes` bytes can be appended now (false: wait for acks) */
  room(bytes: number): boolean {
    const cur = this.chunks[this.chunks.length - 1];
    if (cur && cur.size + HEADER + bytes <= this.chunkSize) return true;
    return this.chunks.length < this.maxChunks;
  }

  /** appends a record, durably; returns its sequence number */
  append(payload: Uint8Array): number {
    let cur = this.chunks[this.chunks.length - 1];
    if (!cur || (cur.size > 0 && cur.size + HEADER + payload.length > this.chunkSize)) cur = this.newChunk(cur ? cur.index + 1 : 0);
    const seq = this.nextSeq++;
    const rec = Buffer.allocUnsafe(HEADER + payload.length);
    rec.writeUInt32BE(payload.length, 0);
    rec.writeUInt32BE(zlib.crc32(payload), 4);
    rec.writeBigUInt64BE(BigInt(seq), 8);
    rec.set(payload, HEADER);
    fs.writeSync(cur.fd, rec, 0, rec.length, cur.size);
    this.slots.push({ seq, chunk: cur.index, offset: cur.size, length: payload.length });
    cur.size += rec.length;
    cur.last = seq;
    return seq;
  }

  /** the unacked records from `seq` on, oldest first (at most `max`) */
  read(seq: number, max: number): { seq: number; payload: Buffer }[] {
    const out: { seq: number; payload: Buffer }[] = [];
    let i = this.slots.findIndex((s) => s.seq >= seq);
    if (i < 0) return out;
    for (; i < this.slots.length && out.length < max; i++) {
      const s = this.slots[i];
      const chunk = this.chunks.find((c) => c.index === s.chunk)!;
      const payload = Buffer.allocUnsafe(s.length);
      fs.readSync(chunk.fd, payload, 0, s.length, s.offset + HEADER);
      out.push({ seq: s.seq, payload });
    }
    return out;
  }

  /** every record up to `seq` is done (Tremor's ack: up to); written before it returns */
  ack(seq: number): void {
    if (seq + 1 <= this.ackedBelow) return;
    this.ackedBelow = Math.min(seq + 1, this.nextSeq);
    const b = Buffer.allocUnsafe(8);
    b.writeBigUInt64BE(BigInt(this.ackedBelow), 0);
    fs.writeSync(this.ackFd, b, 0, 8, 0);
    let drop = 0;
    while (drop < this.slots.length && this.slots[drop].seq < this.ackedBelow) drop++;
    if (drop) this.slots = this.slots.slice(drop);
    this.collect();
  }

  close(): void {
    for (const c of this.chunks.splice(0)) fs.closeSync(c.fd);
    fs.closeSync(this.ackFd);
  }

  /** deletes the chunks whose records are all acked (the one being written stays) */
  private collect(): void {
    while (this.chunks.length > 1 && this.chunks[0].last < this.ackedBelow) {
      const c = this.chunks.shift()!;
      fs.closeSync(c.fd);
      fs.rmSync(this.chunkPath(c.index), { force: true });
    }
  }

  private newChunk(index: number): Chunk {
    const chunk = { index, fd: fs.openSync(this.chunkPath(index), 'w+'), size: 0, last: -1 };
    this.chunks.push(chunk);
    return chunk;
  }

  private chunkPath(index: number): string {
    return path.join(this.dir, `${String(index).padStart(8, '0')}.wal`);
  }

  /** reads a chunk's records back; a torn or corrupt tail (a killed write) is cut off */
  private recover(index: number): void {
    const file = this.chunkPath(index);
    const data = fs.readFileSync(file);
    let offset = 0;
    let last = -1;
    while (offset + HEADER <= data.length) {
      const length = data.readUInt32BE(offset);
      if (offset + HEADER + length > data.length) break;
      const payload = data.subarray(offset + HEADER, offset + HEADER + length);
      if (zlib.crc32(payload) !== data.readUInt32BE(offset + 4)) break;
      const seq = Number(data.readBigUInt64BE(offset + 8));
      if (seq >= this.ackedBelow) this.slots.push({ seq, chunk: index, offset, length });
      last = seq;
      this.nextSeq = Math.max(this.nextSeq, seq + 1);
      offset += HEADER + length;
    }
    if (offset < data.length) fs.truncateSync(file, offset);
    this.chunks.push({ index, fd: fs.openSync(file, 'r+'), size: offset, last });
  }
}
