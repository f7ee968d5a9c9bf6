import t, { type Test } from 'tap';
import os from 'node:os';
import { join } from 'node:path';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { settle, until } from '../until.js';
import { ConfigError, configErrorCode, type ConnectorInstance, type PortEvent } from '../../src/connectors/connector.js';
import { file, type FileConfig } from '../../src/connectors/file.js';
import { newEvent } from '../../src/runtime/event.js';
import { stringify } from '../../src/runtime/json.js';
import type { Value } from '../../src/runtime/value.js';
import { fakeContext, type FakeContext } from './fake-context.js';

async function tmpdir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(os.tmpdir(), 'tremor-file-test-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function reader(ctx: FakeContext, path: string, extra: Record<string, Value> = {}): ConnectorInstance {
  return file.create(ctx, file.validate({ path, mode: 'read', ...extra }));
}

async function readAll(inst: ConnectorInstance): Promise<PortEvent[]> {
  await inst.start!();
  const out: PortEvent[] = [];
  for await (const pe of inst.source!) out.push(pe as PortEvent);
  return out;
}

async function writeEvents(ctx: FakeContext, path: string, mode: string, values: Value[]): Promise<void> {
  const inst = file.create(ctx, file.validate({ path, mode }));
  await inst.start!();
  const sink = inst.sink!;
  for (const [i, v] of values.entries()) sink.write({ port: 'in', event: newEvent(v, 0, i) });
  await new Promise<void>((resolve, reject) => sink.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

t.test('configuration is strict', (t) => {
  const cfg = (c: Value) => file.validate(c);
  t.same(cfg({ path: 'in.json', mode: 'read' }), { path: 'in.json', mode: 'read', chunkSize: 8192 } satisfies FileConfig);
  t.same(cfg({ path: 'o', mode: 'append', chunk_size: 16 }), { path: 'o', mode: 'append', chunkSize: 16 });
  const fails = (c: Value, re: RegExp, code = 'D008') => {
    try {
      cfg(c);
      t.fail(`accepted ${stringify(c)}`);
    } catch (e) {
      t.type(e, ConfigError);
      t.equal(configErrorCode(e as ConfigError), code);
      t.match((e as Error).message, re);
    }
  };
  fails({ path: 'x', mode: 'read', pth: 'y' }, /Unknown configuration key `pth` for a file connector; known keys: path, mode, chunk_size/, 'D007');
  fails({ mode: 'read' }, /Missing configuration key `path`/);
  fails({ path: 'x' }, /Missing configuration key `mode`/);
  fails({ path: 'x', mode: 'readwrite' }, /`mode` must be one of "read", "write", "truncate", "append", "overwrite", not "readwrite"/);
  fails({ path: 3, mode: 'read' }, /`path` must be a non-empty string/);
  fails({ path: 'x', mode: 'read', chunk_size: 0 }, /`chunk_size`/);
  fails(null, /Missing configuration key `path`/);
  t.same([file.outputs(cfg({ path: 'x', mode: 'read' })), file.inputs(cfg({ path: 'x', mode: 'read' }))], [['out', 'err'], []]);
  t.same([file.outputs(cfg({ path: 'x', mode: 'truncate' })), file.inputs(cfg({ path: 'x', mode: 'truncate' }))], [[], ['in']]);
  t.equal(file.codec, 'required');
  t.end();
});

t.test('reads JSON lines across small chunks; bad lines go to err, nothing else is lost', async (t) => {
  const dir = await tmpdir(t);
  const path = join(dir, 'in.json');
  const lines = ['{"n":1,"s":"héllo"}', '{"n":2,', '', '{"n":18446744073709551615}', '{"n":4}'];
  await writeFile(path, Buffer.concat([Buffer.from(lines.join('\n') + '\n'), Buffer.from([0xff, 0x7b, 0x0a]), Buffer.from('{"n":5}')]));
  const out = await readAll(reader(fakeContext({ pre: ['separate'], alias: 'in' }), path, { chunk_size: 5 }));
  t.same(
    out.map((pe) => `${pe.port} ${pe.port === 'out' ? stringify(pe.event.data) : stringify((pe.event.data as Record<string, Value>).line)}`),
    ['out {"n":1,"s":"héllo"}', 'err 2', 'err 3', 'out {"n":18446744073709551615}', 'out {"n":4}', 'err 6', 'out {"n":5}'],
    'the last line has no newline and still counts',
  );
  const err = out[1].event.data as Record<string, Value>;
  t.same({ ...err, error: undefined }, { error: undefined, source: 'main::in', line: 2, data: '{"n":2,' });
  t.match(err.error, /Invalid JSON/);
  t.same([...((out[5].event.data as Record<string, Value>).data as Uint8Array)], [0xff, 0x7b], 'non-UTF-8 data as a binary');
  t.same(out[0].event.meta, { file: { path } });
  t.same(out[1].event.meta, { file: { path }, error: err.error });
  t.same(out[0].event.origin, { scheme: 'tremor-file', host: os.hostname(), port: null, path: [path] });
  t.same(
    out.filter((pe) => pe.port === 'out').map((pe) => pe.event.id),
    [0, 3, 4, 6],
  );
});

t.test('an empty file ends at once; a missing one fails to start, naming it', async (t) => {
  const dir = await tmpdir(t);
  const empty = join(dir, 'empty');
  await writeFile(empty, '');
  t.same(await readAll(reader(fakeContext({ pre: ['separate'] }), empty)), []);
  const missing = join(dir, 'nope.json');
  await t.rejects(reader(fakeContext(), missing).start!(), new RegExp(`The file connector main::test cannot open "${missing}" for reading: ENOENT`));
  await t.rejects(file.create(fakeContext(), file.validate({ path: join(dir, 'no/such/dir/out'), mode: 'truncate' })).start!(), /cannot open .* for writing: ENOENT/);
});

t.test('write modes: truncate, write, append, overwrite', async (t) => {
  const dir = await tmpdir(t);
  const path = join(dir, 'out.log');
  const ctx = () => fakeContext({ codec: { name: 'json', config: { mode: 'sorted' } }, post: ['separate'] });
  await writeFile(path, 'old content that is long\n');
  await writeEvents(ctx(), path, 'truncate', [{ b: 1, a: 2 }, 'x']);
  t.equal(await readFile(path, 'utf8'), '{"a":2,"b":1}\n"x"\n');
  await writeEvents(ctx(), path, 'append', [[1, 2]]);
  t.equal(await readFile(path, 'utf8'), '{"a":2,"b":1}\n"x"\n[1,2]\n');
  await writeEvents(ctx(), path, 'overwrite', [7]);
  t.equal(await readFile(path, 'utf8'), '7\na":2,"b":1}\n"x"\n[1,2]\n', 'from offset 0, without truncating');
  await writeEvents(ctx(), path, 'write', [null]);
  t.equal(await readFile(path, 'utf8'), 'null\n');
  const fresh = join(dir, 'fresh.log');
  await writeEvents(fakeContext(), fresh, 'overwrite', [1, 2]);
  t.equal(await readFile(fresh, 'utf8'), '12', 'created; without a separate postprocessor events are concatenated');
});

t.test('the sink writes many queued events and gzips them on the way out', async (t) => {
  const dir = await tmpdir(t);
  const path = join(dir, 'out.gz');
  const values = Array.from({ length: 1000 }, (_, i) => ({ i }));
  await writeEvents(fakeContext({ codec: 'json', post: ['separate', 'gzip'] }), path, 'truncate', values);
  // one gzip member per event: gunzip reads concatenated members as one stream
  const { gunzipSync } = await import('node:zlib');
  const text = gunzipSync(await readFile(path)).toString();
  t.equal(text, values.map((v) => stringify(v) + '\n').join(''));
});

t.test('an event that cannot be encoded is reported and skipped', async (t) => {
  const dir = await tmpdir(t);
  const path = join(dir, 'out.txt');
  const ctx = fakeContext({ codec: 'string', post: [{ name: 'separate', config: null }] });
  const inst = file.create(ctx, file.validate({ path, mode: 'truncate' }));
  await inst.start!();
  // no codec here fails to encode, so one value is made to fail by hand
  const sink = inst.sink!;
  (sink as unknown as { encoder: { encode: (v: Value) => Uint8Array[] } }).encoder.encode = (v: Value) => {
    if (v === 'bad') throw new Error('boom');
    return [Buffer.from(`${String(v)}\n`)];
  };
  for (const v of ['a', 'bad', 'b']) sink.write({ port: 'in', event: newEvent(v, 0) });
  await new Promise<void>((resolve) => sink.end(resolve));
  t.equal(await readFile(path, 'utf8'), 'a\nb\n');
  t.same(ctx.reports, ['main::test: cannot encode an event: boom']);
});

t.test('backpressure: a consumer that never calls back stops the reading', async (t) => {
  const dir = await tmpdir(t);
  const path = join(dir, 'big.json');
  const lineCount = 100_000;
  await writeFile(path, Array.from({ length: lineCount }, (_, i) => `{"i":${i}}\n`).join(''));
  const hwm = 8;
  const inst = reader(fakeContext({ pre: ['separate'], highWaterMark: hwm }), path, { chunk_size: 1024 });
  let received = 0;
  const stuck = new Writable({
    objectMode: true,
    highWaterMark: 4,
    write(_chunk, _enc, _cb) {
      received++; // never calls back
    },
  });
  await inst.start!();
  const source = inst.source!;
  source.pipe(stuck);
  // the stuck state: the consumer has its one event and the source has filled its buffer
  await until(t, 'the source full', () => received === 1 && source.readableLength >= hwm);
  await settle();
  const first = { buffered: source.readableLength, received, written: stuck.writableLength };
  await settle();
  t.ok(first.buffered <= hwm, `the source buffers at most highWaterMark events (${first.buffered})`);
  t.equal(received, 1, 'the stuck consumer got one event');
  t.ok(stuck.writableLength <= 5, `the consumer's buffer is bounded (${stuck.writableLength})`);
  t.same({ buffered: source.readableLength, received, written: stuck.writableLength }, first, 'and nothing moves any more');
  const queued = (source as unknown as { queue: unknown[]; head: number }).queue.length;
  t.ok(queued <= 1024 / 8, `at most one chunk's events wait in the queue (${queued})`);
  // stop drains what was read and ends the stream
  source.unpipe(stuck);
  const rest: PortEvent[] = [];
  source.on('data', (pe: PortEvent) => rest.push(pe));
  source.resume(); // the pipe had paused it
  const ended = new Promise((resolve) => source.once('end', resolve));
  await inst.stop!();
  await ended;
  t.ok(rest.length < lineCount - 100, `stopped early (${rest.length} more events)`);
  t.ok(
    rest.every((pe) => pe.port === 'out'),
    'no line was cut by stopping',
  );
  stuck.destroy();
});

t.test('read → write round trip through the streams', async (t) => {
  const dir = await tmpdir(t);
  const src = join(dir, 'in.json');
  const dst = join(dir, 'out.json');
  const lines = Array.from({ length: 5000 }, (_, i) => stringify({ i, big: 9007199254740993n + BigInt(i), f: 0.5 }));
  await writeFile(src, lines.join('\n') + '\n');
  const r = reader(fakeContext({ pre: ['separate'], highWaterMark: 4 }), src, { chunk_size: 333 });
  const w = file.create(fakeContext({ post: ['separate'], highWaterMark: 4 }), file.validate({ path: dst, mode: 'truncate' }));
  await w.start!();
  await r.start!();
  await new Promise<void>((resolve, reject) => {
    r.source!.pipe(w.sink!).on('finish', resolve).on('error', reject);
  });
  t.equal(await readFile(dst, 'utf8'), lines.join('\n') + '\n');
});
