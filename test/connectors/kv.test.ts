import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { kv, parseCommand } from '../../src/connectors/kv.js';
import { ConfigError, type ConnectorInstance, type PortEvent } from '../../src/connectors/connector.js';
import { newEvent } from '../../src/runtime/event.js';
import { FloatBox, type Rec, type Value } from '../../src/runtime/value.js';
import { parseJson } from '../../src/runtime/json.js';
import { fakeContext } from './fake-context.js';
import { until } from '../until.js';

const tick = () => new Promise((r) => setImmediate(r));

/** a kv instance on `dir`, its source read into `got` unless `read` is false */
async function store(dir: string, opts: { read?: boolean; hwm?: number } = {}) {
  const ctx = fakeContext({ codec: null, highWaterMark: opts.hwm });
  const inst = kv.create(ctx, kv.validate({ dir, create: true })) as Required<Pick<ConnectorInstance, 'source' | 'sink' | 'start'>>;
  const got: PortEvent[] = [];
  if (opts.read !== false) inst.source.on('data', (c: PortEvent) => got.push(c));
  await inst.start();
  /** sends one command and returns the replies it produced */
  const send = async (cmd: Value, data: Value = null, correlation?: Value): Promise<{ port: string; data: Value; meta: Rec }[]> => {
    const meta: Rec = cmd === undefined ? {} : { kv: cmd };
    if (correlation !== undefined) meta.correlation = correlation;
    inst.sink.write({ port: 'in', event: newEvent(data, 0n, 0, meta) });
    await tick();
    return got.splice(0).map((c) => ({ port: c.port, data: c.event.data, meta: c.event.meta }));
  };
  const close = async () => {
    inst.sink.end();
    await finished(inst.sink);
  };
  return { ctx, inst, got, send, close };
}

function tmp(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kv-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'store');
}

/** the environment without tap's variables, so the child does not act as a test process */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TAP') && !k.startsWith('_TAPJS')));
}

/** the child of the crash test: writes items and a counter in a loop until killed */
async function crashChild(dir: string): Promise<void> {
  // never outlive the test: stdin closes when the parent goes away
  process.stdin.on('end', () => process.exit(2)).resume();
  const inst = kv.create(fakeContext({ codec: null }), { dir, create: true });
  await inst.start!();
  const sink = inst.sink!;
  // progress is reported from the replies: a reply means its write has committed (a write
  // only queued in the sink's buffer may be lost by the kill, and that is fine)
  inst.source!.on('data', (pe: PortEvent) => {
    const i = pe.event.meta.correlation;
    if (typeof i === 'number' && i % 500 === 0) process.stdout.write(`${i}\n`);
  });
  for (let i = 0; ; i++) {
    sink.write({ port: 'in', event: newEvent({ i, big: 1764175345123456789n + BigInt(i), pad: 'x'.repeat(100 + (i % 400)) }, 0n, i, { kv: { put: `item/${String(i).padStart(9, '0')}` } }) });
    const room = sink.write({ port: 'in', event: newEvent(i, 0n, i, { kv: { put: 'counter' }, correlation: i }) });
    if (!room) await once(sink, 'drain');
  }
}

if (process.env.KV_CRASH_CHILD) {
  await crashChild(process.env.KV_CRASH_CHILD);
} else {
  // imported here, not at the top: in the crash child, tap would take the process over
  const { default: t } = await import('tap');
  t.test('config: dir (0.13: path) required and existing, create, unknown keys rejected', async (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kv-config-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    t.throws(() => kv.validate(null), ConfigError);
    t.throws(() => kv.validate({}), /Missing configuration key `dir`/);
    t.throws(() => kv.validate({ dir, frob: 1 }), { name: 'ConfigError', kind: 'unknown', message: /`frob`.*known keys: dir, path, create/ } as { name: string });
    t.throws(() => kv.validate({ path: dir, dir }), /given twice/);
    t.throws(() => kv.validate({ dir: 3 }), /non-empty string/);
    t.throws(() => kv.validate({ dir: path.join(dir, 'missing') }), { name: 'ConfigError', key: 'dir', message: /Invalid `dir`.*not a directory or not accessible/ } as { name: string });
    t.throws(() => kv.validate({ dir, create: 'yes' }), /`create` must be true or false/);
    t.same(kv.validate({ dir }), { dir, create: false });
    t.same(kv.validate({ path: dir }), { dir, create: false }, "0.13's name");
    t.same(kv.validate({ dir: path.join(dir, 'new'), create: true }), { dir: path.join(dir, 'new'), create: true }, 'create: the directory may be missing');
  });

  /** Tremor's reply metadata: the key as a binary */
  const ok = (op: string, key: string | Uint8Array, correlation?: Value): Rec => {
    const m: Rec = { kv: { op, ok: typeof key === 'string' ? new TextEncoder().encode(key) : key } };
    if (correlation !== undefined) m.correlation = correlation;
    return m;
  };

  t.test("every command, with Tremor's reply and $correlation", async (t) => {
    const s = await store(tmp(t));
    t.same(await s.send({ get: 'a' }, null, 1), [{ port: 'out', data: null, meta: ok('get', 'a', 1) }], 'get of a missing key');
    t.same(await s.send({ put: 'a' }, { v: 1 }, 'c2'), [{ port: 'out', data: { v: 1 }, meta: ok('put', 'a', 'c2') }], 'put replies the new value');
    t.same(await s.send({ get: 'a' }), [{ port: 'out', data: { v: 1 }, meta: ok('get', 'a') }], 'no correlation, none in the reply');
    t.same(await s.send({ put: 'a' }, [1, 2]), [{ port: 'out', data: [1, 2], meta: ok('put', 'a') }]);
    t.same(await s.send({ swap: 'a' }, 'new', { id: 7 }), [{ port: 'out', data: [1, 2], meta: ok('swap', 'a', { id: 7 }) }], 'swap replies the old value');
    t.same(await s.send({ swap: 'fresh' }, 1), [{ port: 'out', data: null, meta: ok('swap', 'fresh') }], 'swap of a missing key: null');
    t.same(await s.send({ cas: 'a', old: 'new' }, 'newer'), [{ port: 'out', data: null, meta: ok('cas', 'a') }], 'cas with the right old value');
    t.same(await s.send({ cas: 'b' }, 1), [{ port: 'out', data: null, meta: ok('cas', 'b') }], 'cas without old: the key must be absent');
    t.same(await s.send({ delete: 'b' }, null, 9), [{ port: 'out', data: 1, meta: ok('delete', 'b', 9) }], 'delete replies the removed value');
    t.same(await s.send({ delete: 'b' }), [{ port: 'out', data: null, meta: ok('delete', 'b') }], 'deleting a missing key');
    t.same(await s.send({ get: 'a' }), [{ port: 'out', data: 'newer', meta: ok('get', 'a') }]);
    t.same(await s.send({ get: 'a', put: 'z' }, 5), [{ port: 'out', data: 'newer', meta: ok('get', 'a') }], 'get wins over put (Tremor order)');
    t.same(await s.send({ get: 1, put: 'z' }, 5), [{ port: 'out', data: 5, meta: ok('put', 'z') }], 'a key that is not a string or binary is skipped, as Tremor does');
    await s.close();
  });

  t.test('values come back as Tremor stores them: sorted JSON', async (t) => {
    const s = await store(tmp(t));
    await s.send({ put: 'r' }, { b: 1, a: { d: 2, c: 3 } });
    const [r] = await s.send({ get: 'r' });
    t.same(Object.keys(r.data as Rec), ['a', 'b']);
    t.same(Object.keys((r.data as Rec).a as Rec), ['c', 'd']);
    t.same(await s.send({ cas: 'r', old: { a: { c: 3, d: 2 }, b: 1 } }, 'x'), [{ port: 'out', data: null, meta: ok('cas', 'r') }], 'cas compares the encodings: key order does not matter');
    await s.close();
  });

  t.test('scan: byte order, end exclusive, one reply per entry with its key in $kv.ok', async (t) => {
    const s = await store(tmp(t));
    for (const k of ['b', 'a', 'ab', 'c', 'd']) await s.send({ put: k }, k.toUpperCase());
    const entries = (rs: { data: Value; meta: Rec }[]) => rs.map((r) => [Buffer.from((r.meta.kv as Rec).ok as Uint8Array).toString(), r.data, (r.meta.kv as Rec).op]);
    const all = [
      ['a', 'A', 'scan'],
      ['ab', 'AB', 'scan'],
      ['b', 'B', 'scan'],
      ['c', 'C', 'scan'],
      ['d', 'D', 'scan'],
    ];
    t.same(entries(await s.send({ scan: '' })), all, '"" is the beginning');
    t.same(entries(await s.send({ scan: 'ab', end: 'c' })), all.slice(1, 3), '[start, end)');
    t.same(entries(await s.send({ scan: 'b' })), all.slice(2), 'no end: to the last key');
    t.same(entries(await s.send({ scan: 'aa' })), all.slice(1), 'a range, not a prefix');
    t.same(await s.send({ scan: '', end: 'a' }), [], 'an empty range replies nothing');
    t.same(await s.send({ scan: 'c', end: 'c' }), []);
    t.same(await s.send({ scan: 'e' }), [], 'past the end');
    const [r] = await s.send({ scan: 'd' }, null, 42);
    t.same(r.meta, ok('scan', 'd', 42));
    await s.close();
  });

  t.test('binary keys and exact values', async (t) => {
    const s = await store(tmp(t));
    const bin = new Uint8Array([0xff, 0x00, 0x01]);
    await s.send({ put: bin }, 1);
    const [g] = await s.send({ get: new Uint8Array([0xff, 0x00, 0x01]) });
    t.equal(g.data, 1);
    t.same(g.meta.kv, { op: 'get', ok: bin });
    t.same(await s.send({ get: 'é' }), [{ port: 'out', data: null, meta: ok('get', new Uint8Array([0xc3, 0xa9])) }], 'a string key is its UTF-8 bytes');
    const [sc] = await s.send({ scan: new Uint8Array([0xf0]) });
    t.same((sc.meta.kv as Rec).ok, bin, 'scanned keys are binaries');
    const v = { big: 18446744073709551615n, neg: -9223372036854775808n, f: new FloatBox(1), s: 'é', n: null, arr: [1.5, true] };
    await s.send({ put: 'v' }, v);
    const [back] = await s.send({ get: 'v' });
    t.same(back.data, v);
    t.equal((back.data as Rec).big, 18446744073709551615n, 'u64 max survives exactly');
    t.ok((back.data as Rec).f instanceof FloatBox, '1.0 stays a float');
    await s.close();
  });

  t.test("failures go to err: a null payload, Tremor's error metadata", async (t) => {
    const s = await store(tmp(t));
    const one = async (cmd: Value, data: Value, correlation?: Value) => {
      const rs = await s.send(cmd, data, correlation);
      t.equal(rs.length, 1);
      t.equal(rs[0].port, 'err');
      t.equal(rs[0].data, null, 'the payload is null');
      return rs[0].meta;
    };
    t.same(await one(undefined as unknown as Value, 'p', 5), { error: 'Missing `$kv` field for commands', kv: null, correlation: 5 });
    t.same(await one({ frobnicate: 'a' }, 'p'), { error: 'Invalid KV command: {"frobnicate":"a"}', kv: null });
    t.same(await one({ get: 42 }, null, 'c'), { error: 'Invalid KV command: {"get":42}', kv: null, correlation: 'c' });
    let m = await one({ put: '' }, 1);
    t.match(m.error, /must not be empty/);
    t.same(m.kv, { op: 'put', key: [] });
    m = await one({ put: 'k'.repeat(2000) }, 1);
    t.match(m.error, /longer than 1978 bytes/);
    await s.send({ put: 'a' }, 1);
    t.same(await one({ cas: 'a', old: 2 }, 3, 'cas1'), { error: 'CAS error: expected 3 but found 1.', kv: { op: 'cas', key: [97] }, correlation: 'cas1' }, 'expected: the proposed value (sled)');
    t.same((await one({ cas: 'a' }, 'x')).error, 'CAS error: expected x but found 1.', 'cas without old on an existing key; strings are shown bare');
    t.same((await one({ cas: 'z', old: null }, 2)).error, 'CAS error: expected 2 but found null.', 'old: null expects a stored null, not a missing key');
    t.same((await s.send({ get: 'a' }))[0].data, 1, 'failed cas wrote nothing');
    t.same(parseCommand({ kv: { cas: 'x', old: null } }).old, null);
    t.equal(parseCommand({ kv: { cas: 'x' } }).old, undefined);
    await s.close();
  });

  t.test('data persists across close and reopen', async (t) => {
    const dir = tmp(t);
    const a = await store(dir);
    await a.send({ put: 'kept' }, { n: 1764175345123456789n });
    await a.send({ put: 'gone' }, 1);
    await a.send({ delete: 'gone' });
    await a.close();
    t.ok(a.inst.source.readableEnded || (await finished(a.inst.source).then(() => true)), 'the reply stream ended with the sink');
    const b = await store(dir);
    t.same((await b.send({ get: 'kept' }))[0].data, { n: 1764175345123456789n });
    t.same((await b.send({ get: 'gone' }))[0].data, null);
    await b.close();
  });

  t.test('no replies when nothing reads the source; writes still happen, failures are reported', async (t) => {
    const dir = tmp(t);
    const s = await store(dir, { read: false });
    for (let i = 0; i < 100; i++) await s.send({ put: `k${i}` }, i);
    await s.send({ get: 7 });
    t.equal(s.inst.source.readableLength, 0, 'nothing queued for a source nobody reads');
    t.equal(s.ctx.reports.length, 1);
    t.match(s.ctx.reports[0], /main::test: Invalid KV command/);
    await s.close();
    const r = await store(dir);
    t.same((await r.send({ get: 'k99' }))[0].data, 99);
    await r.close();
  });

  t.test('a full reply stream holds the sink back', async (t) => {
    const s = await store(tmp(t), { read: false, hwm: 2 });
    const seen: PortEvent[] = [];
    const slow = new Writable({ objectMode: true, highWaterMark: 1, write: (c, _e, cb) => (seen.push(c), release.push(cb)) });
    const release: (() => void)[] = [];
    s.inst.source.pipe(slow);
    let accepted = 0;
    for (let i = 0; i < 20; i++) if (s.inst.sink.write({ port: 'in', event: newEvent(i, 0n, i, { kv: { put: `k${i}` } }) })) accepted++;
    await tick();
    t.ok(seen.length < 10, `the consumer got ${seen.length} replies so far`);
    t.ok(s.inst.sink.writableLength > 0, 'commands wait in the sink');
    while (seen.length < 20) {
      release.splice(0).forEach((f) => f());
      await tick();
    }
    t.equal(seen.length, 20, 'every reply arrived once the consumer read');
    t.ok(accepted < 20, 'write() reported backpressure');
    s.inst.source.unpipe(slow);
    await s.close();
  });

  t.test('kill -9 while writing leaves a readable, consistent store', async (t) => {
    const dir = tmp(t);
    const self = fileURLToPath(import.meta.url);
    // the child runs this file through the same TypeScript loader as the test runner
    const loader = process.execArgv.filter((a) => a.includes('typescript'));
    for (let round = 0; round < 2; round++) {
      const child = spawn(process.execPath, [...loader, self], { env: { ...childEnv(), KV_CRASH_CHILD: dir }, stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b));
      let progress = 0;
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (s: string) => (progress = Math.max(progress, ...s.trim().split('\n').map(Number))));
      const target = 500 + round * 500; // progress is reported every 500 committed writes
      await until(t, `progress ${target}`, () => progress >= target || child.exitCode !== null);
      t.equal(child.exitCode, null, `the child was still writing ${stderr}`);
      child.kill('SIGKILL');
      const [, signal] = await once(child, 'exit');
      t.equal(signal, 'SIGKILL');

      const s = await store(dir);
      const counter = (await s.send({ get: 'counter' }))[0].data as number;
      const items = await s.send({ scan: 'item/', end: 'item0' });
      t.ok(counter >= progress, `the counter (${counter}) is at least the last committed progress (${progress})`);
      t.ok(items.length === counter + 1 || items.length === counter + 2, `${items.length} items for counter ${counter}`);
      const key = (r: { meta: Rec }) => Buffer.from((r.meta.kv as Rec).ok as Uint8Array).toString();
      const bad = items.filter((r, i) => r.port !== 'out' || key(r) !== `item/${String(i).padStart(9, '0')}` || (r.data as Rec).i !== i || (r.data as Rec).big !== 1764175345123456789n + BigInt(i));
      t.equal(bad.length, 0, 'every item is intact and in order');
      t.same((await s.send({ put: 'after' }, round))[0].port, 'out', 'the store takes writes again');
      t.same((await s.send({ get: 'after' }))[0].data, round);
      await s.close();
    }
  });

  t.test('end to end: commands from a pipeline, replies to a file', async (t) => {
    // imported here: the crash child loads this file too and does not need the compiler
    const { connectorTypes } = await import('../../src/connectors/registry.js');
    const { deploy } = await import('../../src/app/deploy.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kv-flow-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const input = path.join(dir, 'in.json');
    const output = path.join(dir, 'out.json');
    writeFileSync(
      input,
      ['{"kv": {"put": "a"}, "value": 1, "id": 1}', '{"kv": {"get": "a"}, "value": null, "id": 2}', '{"kv": {"cas": "a", "old": 5}, "value": 2, "id": 3}', '{"kv": {"scan": ""}, "value": null, "id": 4}'].join('\n') +
        '\n',
    );
    const h = deploy(
      `define flow main flow
        define connector src from file with codec = "json", preprocessors = ["separate"], config = {"path": ${JSON.stringify(input)}, "mode": "read"} end;
        define connector store from kv with config = {"dir": ${JSON.stringify(path.join(dir, 'db'))}, "create": true} end;
        define connector dst from file with codec = "json", postprocessors = ["separate"], config = {"path": ${JSON.stringify(output)}, "mode": "truncate"} end;
        define pipeline cmds pipeline
          define script to_cmd script
            let $kv = event.kv;
            let $correlation = event.id;
            emit event.value
          end;
          create script to_cmd;
          select event from in into to_cmd;
          select event from to_cmd into out;
        end;
        define pipeline replies pipeline
          select {"port": (match $ of case %{present error} => "err" case _ => "out" end), "value": event, "meta": $} from in into out;
        end;
        create connector src; create connector store; create connector dst;
        create pipeline cmds; create pipeline replies;
        connect /connector/src to /pipeline/cmds;
        connect /pipeline/cmds to /connector/store;
        connect /connector/store/out to /pipeline/replies/in;
        connect /connector/store/err to /pipeline/replies/in;
        connect /pipeline/replies to /connector/dst;
      end;
      deploy flow main;`,
      { types: new Map([...connectorTypes, ['kv', kv]]) },
    );
    t.equal(await h.done, 0);
    const lines = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => parseJson(l) as Rec);
    t.same(
      lines.map((l) => [l.port, (l.meta as Rec).correlation]),
      [
        ['out', 1],
        ['out', 2],
        ['err', 3],
        ['out', 4],
      ],
    );
    t.same(lines[0].value, 1, 'put: the new value');
    t.same(lines[1].value, 1);
    t.same(lines[2].value, null);
    t.equal((lines[2].meta as Rec).error, 'CAS error: expected 2 but found 1.');
    t.same(lines[3].value, 1);
    t.same((lines[3].meta as Rec).kv, { op: 'scan', ok: 'YQ==' }, 'the key is a binary: base64 in JSON');
  });
}
