import t, { type Test } from 'tap';
import os from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { ConfigError, type PortEvent } from '../../src/connectors/connector.js';
import { stdio, stdioWith } from '../../src/connectors/stdio.js';
import { newEvent } from '../../src/runtime/event.js';
import { txOf } from '../../src/runtime/tx.js';
import { stringify } from '../../src/runtime/json.js';
import type { Value } from '../../src/runtime/value.js';
import { fakeContext, type FakeContext } from './fake-context.js';
import { DEADLINE_MS, settle, until } from '../until.js';

/** a Writable that records what is written; `hold` keeps callbacks until `release` */
class Capture extends Writable {
  chunks: Buffer[] = [];
  private held: (() => void)[] = [];
  hold = false;
  constructor(highWaterMark = 16 * 1024) {
    super({ highWaterMark });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.chunks.push(chunk);
    if (this.hold) this.held.push(cb);
    else cb();
  }
  release(): void {
    this.hold = false;
    for (const cb of this.held.splice(0)) cb();
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

function setup(ctx: FakeContext) {
  const streams = { stdin: new PassThrough(), stdout: new Capture(), stderr: new Capture() };
  const type = stdioWith(streams);
  const inst = type.create(ctx, type.validate(null));
  return { streams, inst, source: inst.source!, sink: inst.sink! };
}

const line = (pe: PortEvent) => `${pe.port} ${stringify(pe.port === 'err' ? (pe.event.data as Record<string, Value>).line : pe.event.data)}`;

t.test('no configuration; ports', (t) => {
  t.same(stdio.validate(null), {});
  t.same(stdio.validate({}), {});
  t.throws(() => stdio.validate({ buffered: true }), new ConfigError('Unknown configuration key `buffered` for a stdio connector; it takes no configuration', 'unknown', 'buffered'));
  try {
    stdio.validate({ x: 1 });
  } catch (e) {
    t.equal((e as ConfigError).kind, 'unknown');
  }
  t.same(stdio.outputs({}), ['out', 'err']);
  t.same(stdio.inputs({}), ['in', 'stdout', 'stderr']);
  t.equal(stdio.codec, 'required');
  t.end();
});

t.test('stdin is not touched before start; then lines become events until EOF', async (t) => {
  const { streams, inst, source } = setup(fakeContext({ pre: ['separate'], alias: 'console' }));
  const got: PortEvent[] = [];
  source.on('data', (pe: PortEvent) => got.push(pe));
  streams.stdin.write('{"a":1}\nnot json\n{"b":');
  await settle();
  t.same(got, [], 'nothing read before start');
  t.equal(streams.stdin.listenerCount('data'), 0);
  await inst.start!();
  await until(t, 'two lines', () => got.length >= 2);
  t.same(got.map(line), ['out {"a":1}', 'err 2']);
  const ended = new Promise((resolve) => source.once('end', resolve));
  streams.stdin.end('2}');
  await ended;
  t.same(got.map(line), ['out {"a":1}', 'err 2', 'out {"b":2}'], 'the last line without newline is flushed at EOF');
  t.same(got[1].event.data, { error: got[1].event.meta.error, source: 'main::console', line: 2, data: 'not json' });
  t.same(got[0].event.meta, {});
  t.same({ ...got[0].event.origin, host: '' }, { scheme: 'tremor-stdin', host: '', port: null, path: [] });
  t.equal(streams.stdin.listenerCount('data'), 0, 'listeners removed at the end');
});

t.test('backpressure: stdin is paused while the consumer is full', async (t) => {
  const hwm = 4;
  const { streams, inst, source } = setup(fakeContext({ codec: 'string', pre: ['separate'], highWaterMark: hwm }));
  const stuck = new Writable({ objectMode: true, highWaterMark: 2, write() {} });
  source.pipe(stuck);
  await inst.start!();
  for (let i = 0; i < 200; i++) streams.stdin.write(`line ${i}\n`.repeat(50));
  await until(t, 'stdin paused', () => streams.stdin.isPaused());
  await settle();
  const before = { buffered: source.readableLength, pending: streams.stdin.readableLength };
  t.ok(before.buffered <= hwm, `the source buffers at most highWaterMark events (${before.buffered})`);
  t.ok(streams.stdin.isPaused(), 'stdin is paused');
  t.ok(before.pending > 0, 'the rest waits in stdin');
  await settle();
  t.same({ buffered: source.readableLength, pending: streams.stdin.readableLength }, before, 'and nothing moves');
  // stop: the source ends after what it already read — what stdin itself buffered included
  // (read from the input, it must not be lost; a PassThrough has read everything written)
  source.unpipe(stuck);
  const got: PortEvent[] = [];
  source.on('data', (pe: PortEvent) => got.push(pe));
  const ended = new Promise((resolve) => source.once('end', resolve));
  await inst.stop!();
  source.resume();
  await ended;
  t.ok(got.length > 0 && got.length < 200 * 50, `stopped after ${got.length} more events`);
  t.ok(
    got.every((pe) => pe.port === 'out' && /^line \d+$/.test(pe.event.data as string)),
    'whole lines only',
  );
  t.equal(streams.stdin.listenerCount('data'), 0);
  t.ok(got.length >= before.pending / 'line 0\n'.length / 2, `what stdin had buffered was taken (${got.length} events)`);
  t.equal(streams.stdin.readableLength, 0, 'nothing stdin had read is left behind');
});

t.test('the sink writes in/stdout to stdout and stderr to stderr', async (t) => {
  const ctx = fakeContext({ codec: 'string', post: ['separate'] });
  const { streams, sink } = setup(ctx);
  const events: [string, Value][] = [
    ['in', 'hello'],
    ['stdout', { a: 1 }],
    ['stderr', 'oops'],
    ['err', 'nowhere'],
  ];
  for (const [port, v] of events) sink.write({ port, event: newEvent(v, 0) });
  await new Promise<void>((resolve) => sink.end(resolve));
  t.equal(streams.stdout.text, 'hello\n{"a":1}\n');
  t.equal(streams.stderr.text, 'oops\n');
  t.same(ctx.reports, ['main::test: stdio has no input port `err`; expected in, stdout or stderr']);
  t.notOk(streams.stdout.writableEnded, 'stdout stays open');
});

t.test("the sink waits for stdout's drain", async (t) => {
  const out = new Capture(8);
  out.hold = true;
  const type = stdioWith({ stdin: new PassThrough(), stdout: out, stderr: new Capture() });
  const sink = type.create(fakeContext({ codec: 'string', post: ['separate'], highWaterMark: 1 }), {}).sink!;
  let done = 0;
  sink.write({ port: 'in', event: newEvent('a long enough line', 0) }, () => done++);
  sink.write({ port: 'in', event: newEvent('second', 0) }, () => done++);
  await settle();
  t.equal(done, 0, 'the first write waits for drain, the second waits behind it');
  t.ok(sink.writableNeedDrain, 'and the sink tells its own writers to wait');
  out.release();
  await until(t, 'both writes done', () => done === 2);
  t.equal(done, 2);
  // the writes of a turn go out together at its end (corked): wait for them to reach stdout
  await until(t, 'both lines on stdout', () => out.text === 'a long enough line\nsecond\n');
  t.equal(out.text, 'a long enough line\nsecond\n');
  sink.destroy();
});

t.test('a failing stdout fails the sink instead of crashing the process', async (t) => {
  const { streams, sink } = setup(fakeContext({ codec: 'string' }));
  const failed = new Promise<Error>((resolve) => sink.once('error', resolve));
  streams.stdout.destroy(new Error('EPIPE'));
  t.match((await failed).message, /main::test: cannot write: EPIPE/);
  await tick();
  t.equal(streams.stdout.listenerCount('error'), 0, 'its listener is gone with it');
});

/** runs a script using the real `stdio` type in a child process, with `input` on its stdin */
function child(t: Test, body: string, input: string | null): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(os.tmpdir(), 'tremor-stdio-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'child.mjs');
  writeFileSync(
    script,
    `import { stdio } from ${JSON.stringify(new URL('../../src/connectors/stdio.js', import.meta.url).href)};
const named = (name) => ({ name, config: null });
const ctx = { id: 'main::console', alias: 'console', clock: { wallNs: () => 0n, now: () => 0 }, codec: named('json'),
  preprocessors: [named('separate')], postprocessors: [named('separate')], highWaterMark: 4,
  report: (m) => process.stderr.write(String(m) + '\\n'), exit() {} };
const inst = stdio.create(ctx, stdio.validate(null));
${body}`,
  );
  // the TypeScript loader tap runs this test with
  const loader = process.execArgv.filter((a) => a.includes('typescript'));
  const p = spawn(process.execPath, [...loader, script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d) => (stdout += d));
  p.stderr.on('data', (d) => (stderr += d));
  if (input !== null) p.stdin.end(input);
  const timer = setTimeout(() => p.kill(), DEADLINE_MS); // a guard against a hung child only
  return new Promise((resolve) =>
    p.on('close', (code) => {
      clearTimeout(timer);
      if (input === null) p.stdin.destroy();
      resolve({ code, stdout, stderr });
    }),
  );
}

t.test('the real process streams: stdin to stdout until EOF, then the process exits', async (t) => {
  const lines = Array.from({ length: 3000 }, (_, i) => `{"i":${i}}`);
  const r = await child(
    t,
    `await inst.start();
inst.source.on('data', (pe) => inst.sink.write({ port: pe.port === 'out' ? 'stdout' : 'stderr', event: pe.event }));
inst.source.on('end', () => inst.sink.end());`,
    lines.join('\n') + '\nbroken\n{"last":true}',
  );
  t.equal(r.code, 0);
  t.equal(r.stdout, lines.join('\n') + '\n{"last":true}\n');
  t.match(r.stderr, /"source":"main::console","line":3001,"data":"broken"/);
});

t.test('a stdio connector used as a sink only leaves stdin alone', async (t) => {
  // stdin stays open: had the connector read it, the process would never exit
  const r = await child(t, `inst.sink.end({ port: 'stdout', event: { data: { done: 1 }, meta: {}, ingestNs: 0, origin: null, id: 0 } });`, null);
  t.equal(r.code, 0);
  t.equal(r.stdout, '{"done":1}\n');
});

t.test('the events written in one turn of the event loop go out in one writev, in order', async (t) => {
  const ctx = fakeContext({ codec: 'json', post: ['separate'] });
  const calls: number[] = [];
  let text = '';
  const stdout = new Writable({
    writev(chunks, cb) {
      calls.push(chunks.length);
      for (const c of chunks) text += String(c.chunk);
      cb();
    },
    write(chunk, _enc, cb) {
      calls.push(1);
      text += String(chunk);
      cb();
    },
  });
  const type = stdioWith({ stdin: new PassThrough(), stdout, stderr: new Capture() });
  const sink = type.create(ctx, type.validate(null)).sink!;
  for (let i = 0; i < 100; i++) sink.write({ port: 'in', event: newEvent({ i }, 0) });
  await new Promise<void>((resolve) => sink.end(resolve));
  t.equal(text, Array.from({ length: 100 }, (_, i) => `{"i":${i}}\n`).join(''));
  t.ok(calls.length < 10, `${calls.length} writes for 100 events, not one each`);
});

t.test('an event of a transactional source is acked once its bytes are written, not when queued', async (t) => {
  const ctx = fakeContext({ codec: 'json', post: ['separate'] });
  const held: (() => void)[] = [];
  let text = '';
  const stdout = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      held.push(cb);
    },
  });
  const type = stdioWith({ stdin: new PassThrough(), stdout, stderr: new Capture() });
  const sink = type.create(ctx, type.validate(null)).sink!;
  const answers: string[] = [];
  const source = { ack: (_s: number, pull: number) => answers.push(`ack ${pull}`), fail: (_s: number, pull: number) => answers.push(`fail ${pull}`) };
  const ev = newEvent({ a: 1 }, 0);
  ev.tx = txOf(source, 0, 7);
  sink.write({ port: 'in', event: ev });
  await until(t, 'the bytes handed to stdout', () => held.length > 0);
  for (let i = 0; i < 5; i++) await tick();
  t.same(answers, [], 'not acked while stdout holds the write');
  for (const cb of held.splice(0)) cb();
  await until(t, 'the ack', () => answers.length > 0);
  t.same(answers, ['ack 7']);
  t.match(text, /\{"a":1\}/);
});
