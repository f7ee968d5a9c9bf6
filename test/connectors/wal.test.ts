/**
 * wal: the log on disk (append, read, ack, recovery of a torn tail, chunks freed, bounds) and
 * the connector in flows: it acks what it stored, resends after a fail, and ends once every
 * stored event is acked.
 */
import t, { type Test } from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deploy } from '../../src/app/deploy.js';
import type { ConnectorType } from '../../src/connectors/connector.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { wal } from '../../src/connectors/wal.js';
import { WalLog } from '../../src/connectors/wal/log.js';
import { ackTx, failTx } from '../../src/runtime/tx.js';
import type { Value } from '../../src/runtime/value.js';
import { sinkType } from '../flow/doubles.js';

function tmpDir(t: { teardown(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wal-test-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const text = (b: Buffer) => b.toString('utf8');

t.test('the log: appends in order, reads from a sequence number, acks up to one', async (t) => {
  const dir = tmpDir(t);
  const log = WalLog.open(dir, 1024, 10);
  t.same([log.append(Buffer.from('a')), log.append(Buffer.from('b')), log.append(Buffer.from('c'))], [0, 1, 2]);
  t.same(
    log.read(1, 10).map((r) => [r.seq, text(r.payload)]),
    [
      [1, 'b'],
      [2, 'c'],
    ],
  );
  t.same(log.read(0, 2).length, 2, 'at most `max` records');
  log.ack(1);
  t.equal(log.acked, 2);
  t.equal(log.pending, 1);
  t.same(
    log.read(0, 10).map((r) => r.seq),
    [2],
    'acked records are gone',
  );
  log.ack(0);
  t.equal(log.acked, 2, 'an ack below the position changes nothing');
  log.close();
});

t.test('reopening: the ack position and the unacked records survive; sequence numbers go on', async (t) => {
  const dir = tmpDir(t);
  const a = WalLog.open(dir, 1024, 10);
  for (const s of ['x', 'y', 'z']) a.append(Buffer.from(s));
  a.ack(0);
  a.close();
  const b = WalLog.open(dir, 1024, 10);
  t.equal(b.acked, 1);
  t.same(
    b.read(0, 10).map((r) => [r.seq, text(r.payload)]),
    [
      [1, 'y'],
      [2, 'z'],
    ],
  );
  t.equal(b.append(Buffer.from('w')), 3);
  b.close();
});

t.test('a torn last record (a killed write) is cut off when the log is opened; a corrupt one too', async (t) => {
  const dir = tmpDir(t);
  const a = WalLog.open(dir, 1024, 10);
  a.append(Buffer.from('whole'));
  a.append(Buffer.from('torn record'));
  a.close();
  const chunk = path.join(dir, '00000000.wal');
  const full = fs.readFileSync(chunk);
  fs.writeFileSync(chunk, full.subarray(0, full.length - 4));
  const b = WalLog.open(dir, 1024, 10);
  t.same(
    b.read(0, 10).map((r) => text(r.payload)),
    ['whole'],
  );
  t.equal(b.append(Buffer.from('next')), 1, 'the torn record’s number is given again');
  b.close();
  const data = fs.readFileSync(chunk);
  data[data.length - 1] ^= 0xff;
  fs.writeFileSync(chunk, data);
  const c = WalLog.open(dir, 1024, 10);
  t.same(
    c.read(0, 10).map((r) => text(r.payload)),
    ['whole'],
    'a checksum mismatch ends the readable part',
  );
  c.close();
});

t.test('chunks: a new file once chunk_size would be passed; acked ones are deleted; max_chunks bounds room', async (t) => {
  const dir = tmpDir(t);
  const log = WalLog.open(dir, 40, 2);
  const chunks = () => fs.readdirSync(dir).filter((n) => n.endsWith('.wal')).length;
  log.append(Buffer.alloc(20)); // 36 bytes with its header
  t.equal(chunks(), 1);
  t.ok(log.room(20), 'a second chunk may still be started');
  log.append(Buffer.alloc(20));
  t.equal(chunks(), 2);
  t.notOk(log.room(20), 'two chunks full of unacked records: no room');
  log.ack(0);
  t.equal(chunks(), 1, 'the first chunk is all acked: deleted');
  t.ok(log.room(20));
  log.append(Buffer.alloc(100));
  t.same(
    log.read(0, 10).map((r) => r.payload.length),
    [20, 100],
    'a record larger than chunk_size gets a chunk of its own',
  );
  log.close();
});

t.test('config: Tremor’s keys, `path` for `dir`, all required', async (t) => {
  t.same(wal.validate({ dir: 'w', chunk_size: 1024, max_chunks: 4 }), { dir: 'w', chunkSize: 1024, maxChunks: 4 });
  t.same(wal.validate({ path: 'w', chunk_size: 1, max_chunks: 1 }).dir, 'w');
  t.throws(() => wal.validate({ dir: 'w', chunk_size: 1024 }), /max_chunks/);
  t.throws(() => wal.validate({ dir: 'w', chunk_size: 0, max_chunks: 1 }), /chunk_size/);
  t.throws(() => wal.validate({ dir: 'w', chunk_size: 1, max_chunks: 1, other: 1 }), /Unknown configuration key `other`/);
  t.equal(connectorTypes.get('wal'), wal);
});

/** a sink that fails the deliveries whose payload is in `failures` (each entry once), acks the rest */
function flakySink(received: Value[], failures: Value[]): ConnectorType<null> {
  return sinkType('test_flaky', (c, _ctx, done) => {
    const i = failures.indexOf(c.event.data);
    if (i >= 0) {
      failures.splice(i, 1);
      failTx(c.event.tx);
    } else {
      received.push(c.event.data);
      ackTx(c.event.tx);
    }
    done();
  });
}

async function runFlow(t: Test, lines: string[], failures: Value[]) {
  const dir = tmpDir(t);
  const input = path.join(dir, 'in.json');
  fs.writeFileSync(input, lines.map((l) => `${l}\n`).join(''));
  const received: Value[] = [];
  const reports: string[] = [];
  const types = new Map(connectorTypes).set('test_flaky', flakySink(received, failures));
  const h = deploy(
    `define flow main flow
       define connector input from file with codec = "json", preprocessors = ["separate"], config = {"path": ${JSON.stringify(input)}, "mode": "read"} end;
       define connector log from wal with config = {"dir": ${JSON.stringify(path.join(dir, 'wal'))}, "chunk_size": 4096, "max_chunks": 4} end;
       define connector out from test_flaky;
       define pipeline pass pipeline select event from in into out; end;
       create connector input; create connector log; create connector out;
       create pipeline a from pass; create pipeline b from pass;
       connect /connector/input to /pipeline/a; connect /pipeline/a to /connector/log;
       connect /connector/log to /pipeline/b; connect /pipeline/b to /connector/out;
     end;
     deploy flow main;`,
    { types, report: (m) => reports.push(String(m instanceof Error ? m.message : m)) },
  );
  return { status: await h.done, received, reports, dir };
}

t.test('through a flow: every event once, in order, and the flow ends once all are acked', async (t) => {
  const { status, received, reports } = await runFlow(t, ['1', '2', '3', '4', '5'], []);
  t.equal(status, 0, reports.join('\n'));
  t.same(received, [1, 2, 3, 4, 5]);
});

t.test('a fail rewinds: everything after the last ack goes again, after a pause that is reported', async (t) => {
  const { status, received, reports } = await runFlow(t, ['1', '2', '3', '4', '5'], [3]);
  t.equal(status, 0);
  const first = received.indexOf(4);
  t.ok(received.includes(3), 'the failed event is delivered in the end');
  t.same(received.slice(received.lastIndexOf(3)), [3, 4, 5], 'after the rewind, in order from the failed one');
  t.ok(first >= 0);
  t.match(reports.join('\n'), /log: event 2 failed: circuit open, sending again from event 2 in 100 ms[\s\S]*circuit closed: sending again from event 2/);
});

t.test('several fails in a row back off, and the events still all arrive', async (t) => {
  const { status, received, reports } = await runFlow(t, ['1', '2'], [2, 2, 2]);
  t.equal(status, 0);
  t.same([...new Set(received)].sort(), [1, 2]);
  t.match(reports.join('\n'), /in 100 ms[\s\S]*in 200 ms[\s\S]*in 400 ms/);
});
