import t from 'tap';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cb } from '../../src/connectors/cb.js';
import { ConfigError } from '../../src/connectors/connector.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { deploy } from '../../src/app/deploy.js';
import { stopwatch } from '../until.js';

const types = new Map([...connectorTypes, ['cb', cb]]);

function eventsFile(t: { teardown(fn: () => void): void }, lines: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cb-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'in.json');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const FOUR = ['{"n": 0, "keep": true}', '{"n": 1, "keep": false}', '{"n": 2, "keep": true}', '{"n": 3, "keep": false}'];

function run(body: string) {
  const reports: string[] = [];
  const h = deploy(`define flow main flow\n${body}\nend;\ndeploy flow main;`, { types, report: (m) => reports.push(String(m instanceof Error ? m.message : m)) });
  return { h, reports };
}

t.test('config', async (t) => {
  t.throws(() => cb.validate({}), ConfigError);
  t.throws(() => cb.validate({ path: 'x', paths: ['y'] }), { name: 'ConfigError', kind: 'unknown' } as { name: string });
  t.throws(() => cb.validate({ path: 'x', timeout: -1 }), /non-negative number of milliseconds/);
  t.same(cb.validate({ path: 'x' }), { path: 'x', timeout: 10_000 });
  t.same(cb.validate({ path: 'x', timeout: 250 }), { path: 'x', timeout: 250 });
});

t.test('every event comes back: status 0', async (t) => {
  const file = eventsFile(t, FOUR);
  const { h, reports } = run(`
    define connector c from cb with config = {"path": ${JSON.stringify(file)}} end;
    define pipeline pass pipeline select event from in into out; end;
    create connector c; create pipeline pass;
    connect /connector/c to /pipeline/pass;
    connect /pipeline/pass to /connector/c;`);
  t.equal(await h.done, 0);
  t.same(reports, ['cb main::c: all 4 events came back']);
});

t.test('fan-out copies count once', async (t) => {
  const file = eventsFile(t, FOUR);
  const { h, reports } = run(`
    define connector c from cb with codec = "json", config = {"path": ${JSON.stringify(file)}} end;
    define pipeline pass pipeline select event from in into out; end;
    create connector c; create pipeline a from pass; create pipeline b from pass;
    connect /connector/c to /pipeline/a;
    connect /connector/c to /pipeline/b;
    connect /pipeline/a to /connector/c;
    connect /pipeline/b to /connector/c;`);
  t.equal(await h.done, 0);
  t.same(reports, ['cb main::c: all 4 events came back']);
});

t.test('dropped events: reported as missing when the sink ends, status 1', async (t) => {
  const file = eventsFile(t, FOUR);
  const { h, reports } = run(`
    define connector c from cb with config = {"path": ${JSON.stringify(file)}} end;
    define pipeline keep pipeline select event from in where event.keep into out; end;
    create connector c; create pipeline keep;
    connect /connector/c to /pipeline/keep;
    connect /pipeline/keep to /connector/c;`);
  t.equal(await h.done, 1);
  t.same(reports, ['cb main::c: 2 of 4 events came back; missing ids 1, 3']);
});

t.test('the timeout decides while the flow keeps running', async (t) => {
  const file = eventsFile(t, FOUR);
  const since = stopwatch();
  // a metronome keeps the sink open, so only the timeout can decide
  const { h, reports } = run(`
    define connector c from cb with config = {"path": ${JSON.stringify(file)}, "timeout": 150} end;
    define connector tick from metronome with config = {"interval": 10} end;
    define pipeline keep pipeline select event from in where event.keep into out; end;
    define pipeline pass pipeline select event from in into out; end;
    create connector c; create connector tick; create pipeline keep; create pipeline pass;
    connect /connector/c to /pipeline/keep;
    connect /pipeline/keep to /connector/c;
    connect /connector/tick to /pipeline/pass;
    connect /pipeline/pass to /connector/c;`);
  t.equal(await h.done, 1);
  const took = since();
  t.ok(took >= 140, `decided after ${took} ms, not before the timeout`);
  t.same(reports, ['cb main::c: 2 of 4 events came back; missing ids 1, 3'], 'metronome events are not counted');
});

t.test('lines that fail to decode are not expected back', async (t) => {
  const file = eventsFile(t, ['{"n": 0}', 'not json', '{"n": 2}']);
  const { h, reports } = run(`
    define connector c from cb with config = {"path": ${JSON.stringify(file)}} end;
    define pipeline pass pipeline select event from in into out; end;
    create connector c; create pipeline pass;
    connect /connector/c to /pipeline/pass;
    connect /pipeline/pass to /connector/c;`);
  t.equal(await h.done, 0);
  t.equal(reports.filter((r) => r.startsWith('cb ')).length, 1);
  t.ok(reports.includes('cb main::c: all 2 events came back'), reports.join('\n'));
  t.ok(
    reports.some((r) => r.startsWith('main::c/err:')),
    'the decode error was reported',
  );
});
