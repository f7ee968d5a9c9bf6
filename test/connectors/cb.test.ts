import t from 'tap';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cb, CbLedger } from '../../src/connectors/cb.js';
import { ConfigError, configErrorCode } from '../../src/connectors/connector.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { deploy } from '../../src/app/deploy.js';
import { stringify } from '../../src/runtime/json.js';
import type { Value } from '../../src/runtime/value.js';
import { stopwatch } from '../until.js';

const types = new Map([...connectorTypes, ['cb', cb]]);

function eventsFile(t: { teardown(fn: () => void): void }, lines: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'in.json');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function run(body: string) {
  const reports: string[] = [];
  const h = deploy(`define flow main flow\n${body}\nend;\ndeploy flow main;`, { types, report: (m) => reports.push(String(m instanceof Error ? m.message : m)) });
  return { status: await h.done, reports };
}

/** cb → passthrough pipeline → the same cb */
const loop = (config: Record<string, unknown>) => `
    define connector c from cb with codec = "json", config = ${JSON.stringify(config)} end;
    define pipeline pass pipeline select event from in into out; end;
    create connector c; create pipeline pass;
    connect /connector/c/out to /pipeline/pass/in;
    connect /pipeline/pass/out to /connector/c/in;`;

t.test("config: 0.12's path, 0.13's paths, timeout, expect_batched", async (t) => {
  t.same(cb.validate({ path: 'x' }), { paths: ['x'], timeout: 10_000, expectBatched: false });
  t.same(cb.validate({ paths: ['x', 'y'], timeout: 250, expect_batched: true }), { paths: ['x', 'y'], timeout: 250, expectBatched: true });
  t.same(cb.validate({ paths: 'x' }).paths, ['x']);
  t.equal(cb.validate({ path: 'x', timeout: 0 }).timeout, 0, 'no wait at all');
  const fails = (cfg: Value, re: RegExp, code = 'D008') => {
    try {
      cb.validate(cfg);
      t.fail(`accepted ${stringify(cfg)}`);
    } catch (e) {
      t.type(e, ConfigError);
      t.match({ code: configErrorCode(e as ConfigError), message: (e as Error).message }, { code, message: re }, stringify(cfg));
    }
  };
  fails({}, /Missing configuration key `path`/);
  fails({ path: 'x', paths: ['y'] }, /given twice/);
  fails({ paths: [] }, /at least one file/);
  fails({ paths: [1] }, /`paths\[0\]` must be a string/);
  fails({ path: 'x', timeout: -1 }, /non-negative number of milliseconds/);
  fails({ path: 'x', expect_batched: 1 }, /`expect_batched` must be true or false/);
  fails({ path: 'x', chunk_size: 1 }, /Unknown configuration key `chunk_size`.*known keys: path, paths, timeout, expect_batched/, 'D007');
  t.equal(cb.codec, 'optional');
});

t.test('the ledger prints what Tremor prints', async (t) => {
  const l = new CbLedger(false);
  for (let i = 0; i < 4; i++) l.sent(0, i);
  l.finished = true;
  l.fail(0, 0);
  l.ack(0, 1);
  t.same(l.report(), ['Expected CB events up to id {0: 3}.', 'Got acks: {0: [1]}', 'Got fails: {0: [0]}']);
  l.fail(0, 2);
  l.ack(0, 3);
  t.same(l.report(), ['All required CB events received.', 'Got acks: {0: [1, 3]}', 'Got fails: {0: [0, 2]}']);
  const empty = new CbLedger(false);
  empty.sent(0, 6);
  empty.finished = true;
  t.same(empty.report(), ['Expected CB events up to id {0: 6}.', 'Got acks: {}', 'Got fails: {}']);
  const batched = new CbLedger(true);
  for (let i = 0; i < 3; i++) batched.sent(i % 2, i);
  batched.finished = true;
  batched.ack(0, 2);
  t.notOk(batched.receivedAll(), 'stream 1 has not seen its last event back');
  batched.ack(1, 1);
  t.ok(batched.receivedAll(), 'with expect_batched the last id of every stream is enough');
});

t.test('acks and fails from its own sink: "All required CB events received.", status 0', async (t) => {
  const file = eventsFile(t, ['{"cb":"fail"}', '{"cb":"ack"}', '{"cb":["fail"]}', '{"cb":["ack"]}']);
  const { status, reports } = await run(loop({ paths: [file], timeout: 5000 }));
  t.equal(status, 0);
  t.same(reports, ['All required CB events received.', 'Got acks: {0: [1, 3]}', 'Got fails: {0: [0, 2]}']);
});

t.test('$cb wins over the payload; events without a command are neither acked nor failed', async (t) => {
  const file = eventsFile(t, ['{"cb":"fail","n":1}', '{"n":2}']);
  const { status, reports } = await run(`
    define connector c from cb with config = {"path": ${JSON.stringify(file)}, "timeout": 20} end;
    define pipeline p pipeline
      define script s script let $cb = "ack"; event end;
      create script s;
      select event from in into s;
      select event from s into out;
    end;
    create connector c; create pipeline p;
    connect /connector/c to /pipeline/p;
    connect /pipeline/p to /connector/c;`);
  t.equal(status, 0);
  t.same(reports, ['All required CB events received.', 'Got acks: {0: [0, 1]}', 'Got fails: {}']);
  const plain = eventsFile(t, ['{"n":1}', '{"n":2}']);
  const r = await run(loop({ path: plain, timeout: 20 }));
  t.equal(r.status, 0, 'status 0 either way, as Tremor');
  t.same(r.reports, ['Expected CB events up to id {0: 1}.', 'Got acks: {}', 'Got fails: {}']);
});

t.test('several files: lines round robin, one stream each, pull ids count every pull', async (t) => {
  const a = eventsFile(t, ['{"cb":"ack"}', '{"cb":"ack"}', '{"cb":"ack"}']);
  const b = eventsFile(t, ['{"cb":"fail"}']);
  const { status, reports } = await run(loop({ paths: [a, b], timeout: 2000 }));
  t.equal(status, 0);
  // pulls: a0 (0), b0 (1), a1 (2), b's end (3), then `a` is the only file: a2 (4), a's end (5)
  t.same(reports, ['All required CB events received.', 'Got acks: {0: [0, 2, 4]}', 'Got fails: {1: [1]}']);
});

t.test('an auto-ack sink acks what it gets, through two pipelines; drops and dead ends answer nothing', async (t) => {
  const file = eventsFile(t, ['"a"', '"drop"', '"b"', '"dead_end"', '"c"']);
  const { status, reports } = await run(`
    define connector c from cb with config = {"path": ${JSON.stringify(file)}, "timeout": 100} end;
    define connector out from discard;
    define pipeline first into out, nowhere pipeline
      define script s script match event of case "drop" => drop case _ => event end end;
      create script s;
      select event from in into s;
      select event from s where event != "dead_end" into out;
      select event from s where event == "dead_end" into nowhere;
    end;
    define pipeline second pipeline select event from in into out; end;
    create connector c; create connector out; create pipeline first; create pipeline second;
    connect /connector/c to /pipeline/first;
    connect /pipeline/first to /pipeline/second;
    connect /pipeline/second to /connector/out;`);
  t.equal(status, 0);
  t.same(reports, ['Expected CB events up to id {0: 4}.', 'Got acks: {0: [0, 2, 4]}', 'Got fails: {}']);
});

t.test('a window answers for every event in it: one ack of its output, with the highest pull id', async (t) => {
  const file = eventsFile(t, ['1', '2', '3', '4', '5']);
  const since = stopwatch();
  const { status, reports } = await run(`
    define connector c from cb with config = {"path": ${JSON.stringify(file)}, "timeout": 100} end;
    define pipeline p pipeline
      define window two from tumbling with size = 2 end;
      select {"cb": "ack", "sum": aggr::stats::sum(event)} from in[two] into out;
    end;
    create connector c; create pipeline p;
    connect /connector/c to /pipeline/p;
    connect /pipeline/p to /connector/c;`);
  t.equal(status, 0);
  // the fifth event is in a window that never closes: nobody answers for it
  t.same(reports, ['Expected CB events up to id {0: 4}.', 'Got acks: {0: [1, 3]}', 'Got fails: {}']);
  t.ok(since() >= 95, 'an answer missing: the report waited for the timeout (a lower bound: never early)');
});

t.test('generic::batch: a fail of the batch fails every event in it, with the lowest pull id', async (t) => {
  const file = eventsFile(t, ['{"cb":"fail"}', '{"n":2}', '{"n":3}', '{"n":4}']);
  const { status, reports } = await run(`
    define connector c from cb with config = {"path": ${JSON.stringify(file)}, "timeout": 100, "expect_batched": true} end;
    define pipeline p pipeline
      define operator b from generic::batch with count = 2 end;
      create operator b;
      select event from in into b;
      select event from b into out;
    end;
    create connector c; create pipeline p;
    connect /connector/c to /pipeline/p;
    connect /pipeline/p to /connector/c;`);
  t.equal(status, 0);
  // the first batch (pulls 0, 1) says fail; the second (2, 3) has no command: no answer
  t.same(reports, ['Expected CB events up to id {0: 3}.', 'Got acks: {}', 'Got fails: {0: [0]}']);
});

t.test('a missing file fails the deployment at start', async (t) => {
  const { status, reports } = await run(loop({ path: path.join(os.tmpdir(), 'no-such-cb-file.json'), timeout: 10 }));
  t.equal(status, 1);
  t.match(reports.join('\n'), /cannot read/);
});

t.test('a file sink acks what it wrote and fails what it could not encode', async (t) => {
  const file = eventsFile(t, ['["a", "b"]', '{"not": "an array"}', '["c"]']);
  const outFile = path.join(path.dirname(file), 'out.csv');
  const { status, reports } = await run(`
    define connector c from cb with config = {"path": ${JSON.stringify(file)}, "timeout": 100} end;
    define connector out from file with codec = "csv", postprocessors = ["separate"], config = {"path": ${JSON.stringify(outFile)}, "mode": "truncate"} end;
    define pipeline pass pipeline select event from in into out; end;
    create connector c; create connector out; create pipeline pass;
    connect /connector/c to /pipeline/pass;
    connect /pipeline/pass to /connector/out;`);
  t.equal(status, 0);
  t.match(reports.join('\n'), /cannot encode an event/);
  t.same(reports.slice(-3), ['All required CB events received.', 'Got acks: {0: [0, 2]}', 'Got fails: {0: [1]}']);
});
