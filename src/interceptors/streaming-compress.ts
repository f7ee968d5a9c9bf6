/**
 * `streaming-compress` (Tremor 0.13's tremor-interceptor; not in 0.12): one compressed stream
 * over all the chunks of a connector stream, finished when the stream ends, so that a file
 * sink writes one whole `out.log.xz` that `xz -d` reads (where `compress` writes one
 * compressed unit per event).
 *
 * The encoder keeps what it has not yet compressed: `process` returns what it has produced so
 * far (often nothing: xz holds up to its block of input), `finish` the rest and the stream's
 * end. Nothing is written when no chunk came, as Tremor writes an empty xz stream only for a
 * stream that had data.
 *
 * Config: `algorithm` (required) — `xz2` (also `xz`) or `zstd`, the two Tremor streams.
 * `level`: xz2 0–9 (default 6, Tremor's for streaming), zstd −7–22 (default 3, zstd's).
 *
 * `postprocessors = ["separate", {"name": "streaming-compress", "config": {"algorithm": "xz2"}}]`
 */
import { int, schema } from '../runtime/schema.js';
import { XzCoder } from './compression/xz.js';
import { ZstdCoder } from './compression/zstd.js';
import { algorithmField, levelOf } from './compression.js';
import { postprocessor, type Interceptor } from './interceptor.js';

const OWNER = 'the streaming-compress postprocessor';

const LEVELS = {
  xz2: { min: 0, max: 9, default: 6 },
  zstd: { min: -7, max: 22, default: 3 },
} as const;

interface Coder {
  write(chunk: Uint8Array): Uint8Array[];
  end(): Uint8Array[];
}

class StreamingCompress implements Interceptor {
  private coder: Coder | undefined;

  constructor(private readonly open: () => Coder) {}

  process(chunk: Uint8Array): Uint8Array[] {
    this.coder ??= this.open();
    return this.coder.write(chunk);
  }

  finish(): Uint8Array[] {
    const coder = this.coder;
    // a later chunk (a reconnected sink) starts a new stream
    this.coder = undefined;
    return coder ? coder.end() : [];
  }
}

export const streamingCompress = postprocessor(
  'streaming-compress',
  schema({
    algorithm: algorithmField([], { required: true, doc: 'xz2 (or xz) or zstd' }, ['xz2', 'zstd']),
    level: int({ doc: 'xz2 0–9 (default 6), zstd −7–22 (default 3)' }),
  }),
  (c) => {
    const algorithm = c.algorithm as keyof typeof LEVELS;
    const level = levelOf(OWNER, algorithm, LEVELS[algorithm], c.level);
    return new StreamingCompress(algorithm === 'xz2' ? () => XzCoder.encoder(level) : () => ZstdCoder.encoder(level));
  },
);
