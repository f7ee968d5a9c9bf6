/**
 * Zstandard through `zstd-codec`: the reference C library compiled to WebAssembly (no native
 * build, nothing fetched), with streaming bindings (`ZSTD_compressStream` /
 * `ZSTD_decompressStream`) that call back synchronously.
 *
 * The package only offers an asynchronous start-up (`ZstdCodec.run(callback)`), because
 * browsers refuse to compile large WebAssembly synchronously. Node does not, and interceptors
 * are synchronous, so the Emscripten module is started here through its documented
 * `instantiateWasm` hook, compiling the binary (embedded in the package as a base64 data URI)
 * synchronously; the runtime then initialises before the loader returns. The version is
 * pinned in package.json because this reads the package's file layout.
 */
import fs from 'node:fs';
import { lib, libPath } from './load.js';
import { withImportedMemory } from './wasm-memory.js';

type Sink = (bytes: Uint8Array) => void;

interface StreamBinding {
  transform(data: Uint8Array, sink: Sink): boolean;
  flush(sink: Sink): boolean;
  end(sink: Sink): boolean;
  delete(): void;
}

interface CompressBinding extends StreamBinding {
  begin(level: number): boolean;
}

interface DecompressBinding extends StreamBinding {
  begin(): boolean;
}

interface ZstdModule {
  ZstdCompressStreamBinding: new () => CompressBinding;
  ZstdDecompressStreamBinding: new () => DecompressBinding;
}

/** the little of the WebAssembly API used here (the project's TypeScript libs do not declare it) */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
type Instance = InstanceType<Wasm['Instance']>;
type Instantiate = (imports: object, receive: (instance: Instance) => void) => object;

/**
 * The module's memory is fixed when it starts (it cannot grow): 1 GiB holds several streams
 * even at high levels (level 19 takes about 90 MiB, level 22 about 700 MiB). The operating
 * system commits pages only when they are used.
 */
const PAGES = 16384;

type Loaded = ZstdModule & { aborted?: boolean };

function load(): Loaded {
  const glue = libPath('zstd-codec/lib/zstd-codec-binding-wasm.js');
  const wasm = /data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/.exec(fs.readFileSync(glue, 'latin1'));
  if (!wasm) throw new Error('zstd: the zstd-codec package has no embedded WebAssembly binary (an unexpected version?)');
  const binary = withImportedMemory(Buffer.from(wasm[1], 'base64'), PAGES);
  const { WebAssembly } = globalThis as unknown as { WebAssembly: Wasm };
  const instantiateWasm: Instantiate = (imports, receive) => {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(binary), imports);
    receive(instance);
    return instance.exports;
  };
  const said: string[] = [];
  const module: Record<string, unknown> = {
    instantiateWasm,
    TOTAL_MEMORY: PAGES * 65536,
    // Emscripten prints its failures to stdout and stderr; they are thrown as errors instead
    print: () => {},
    printErr: (m: string) => said.push(m),
    // an aborted module is dead for good: the next use starts a new one
    onAbort: () => {
      module.aborted = true;
    },
  };
  let ready = false;
  module.onRuntimeInitialized = () => {
    ready = true;
  };
  lib<(m: Record<string, unknown>) => void>(glue)(module);
  if (!ready) throw new Error(`zstd: the WebAssembly runtime did not start synchronously${said.length ? `: ${said.join('; ')}` : ''}`);
  return module as unknown as Loaded;
}

/** the started module, kept as `require` keeps what it loads (a cache, not state) */
const started: { module?: Loaded } = {};

function zstdModule(): ZstdModule {
  if (!started.module || started.module.aborted) started.module = load();
  return started.module;
}

/** `f()`, with Emscripten's aborts (thrown as strings) turned into Errors */
function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (typeof e === 'string') throw new Error(`zstd: ${e.replace(/\. Build with.*/, '')}`);
    throw e;
  }
}

/** a streaming coder; `write` and `end` return the bytes produced so far */
export class ZstdCoder {
  private out: Uint8Array[] = [];
  private freed = false;
  private readonly sink: Sink = (bytes) => {
    // a copy: the callback's bytes are a view into the WebAssembly heap
    this.out.push(Buffer.from(bytes));
  };

  private constructor(
    private readonly binding: StreamBinding,
    private readonly what: string,
  ) {}

  /** an encoder at `level` (zstd's: 0 is the library default, 3; negative levels are faster) */
  static encoder(level: number): ZstdCoder {
    const b = new (zstdModule().ZstdCompressStreamBinding)();
    if (!guard(() => b.begin(level))) {
      b.delete();
      throw new Error(`zstd: cannot start a compression stream at level ${level}`);
    }
    return new ZstdCoder(b, 'compress');
  }

  static decoder(): ZstdCoder {
    const b = new (zstdModule().ZstdDecompressStreamBinding)();
    if (!b.begin()) {
      b.delete();
      throw new Error('zstd: cannot start a decompression stream');
    }
    return new ZstdCoder(b, 'decompress');
  }

  write(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length > 0) this.check(guard(() => this.binding.transform(chunk, this.sink)));
    return this.take();
  }

  /** ends the frame and frees the stream */
  end(): Uint8Array[] {
    try {
      this.check(guard(() => this.binding.end(this.sink)));
      return this.take();
    } finally {
      this.free();
    }
  }

  /** frees the WebAssembly side (embind objects are not garbage collected); idempotent */
  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.binding.delete();
  }

  private check(ok: boolean): void {
    if (!ok) {
      this.out = [];
      throw new Error(`zstd: cannot ${this.what} the data`);
    }
  }

  private take(): Uint8Array[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}

function oneShot(c: ZstdCoder, chunk: Uint8Array): Buffer {
  try {
    return Buffer.concat([...c.write(chunk), ...c.end()]);
  } finally {
    c.free();
  }
}

export const zstdCompress = (chunk: Uint8Array, level: number): Buffer => oneShot(ZstdCoder.encoder(level), chunk);

export const zstdDecompress = (chunk: Uint8Array): Buffer => oneShot(ZstdCoder.decoder(), chunk);
