/**
 * A stateless query on several threads (src/stream/parallel/): which pipelines qualify, and
 * that the output, the bad lines and the errors are those of one thread, in the same order,
 * over every stateless query of Tremor's corpus and over inputs cut into many batches.
 */
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { compileQuery } from '../../src/lang/query/compile.js';
import { statefulNode } from '../../src/pipeline/stateless.js';
import { compileJob, jobSource, renderError, type QueryJob } from '../../src/stream/parallel/job.js';
import { routeUndelivered } from '../../src/flow/undelivered.js';
import { LineBatches } from '../../src/stream/parallel/batch.js';
import { ParallelQuery } from '../../src/stream/parallel/pool.js';
import { JsonLinesDecoder } from '../../src/stream/decoder.js';
import { JsonLinesEncoder } from '../../src/stream/encoder.js';
import { QueryStream } from '../../src/stream/query-stream.js';
import type { PipelinePlan } from '../../src/pipeline/plan.js';
import { root } from '../root.js';

t.test('which pipelines keep state', async (t) => {
  const stateless = [
    'select event from in into out',
    'select {"a": event.a + 1} from in where event.b > 2 into out having event.c',
    'define script s script emit event => "err" end; create script s; select event from in into s; select event from s into out; select event from s/err into err;',
    'define script s script let $x = 1; event end; create script s; select event from in into s; select event from s into out;',
  ];
  for (const q of stateless) t.equal(statefulNode(compileQuery(q).plan), null, q);
  const stateful: [string, RegExp][] = [
    ['define window w from tumbling with size = 2 end; select aggr::stats::count() from in[w] into out;', /select .* windows or groups/],
    ['select event from in group by event.a into out', /select .* windows or groups/],
    ['define script s state 0 script let state = state + 1; state end; create script s; select event from in into s; select event from s into out;', /script s keeps state/],
    ['define script s script let state = 1; event end; create script s; select event from in into s; select event from s into out;', /script s keeps state/],
    ['define operator b from generic::batch with count = 2 end; create operator b; select event from in into b; select event from b into out;', /operator b \(generic::batch\)/],
  ];
  for (const [q, why] of stateful) t.match(statefulNode(compileQuery(q).plan), why, q);
});

interface Run {
  out: string;
  notes: string[];
}

const job = (text: string, file: string | null = null): QueryJob => ({ text, name: file ?? '<query>', file, paths: [], args: null, exactNumbers: false });

function collect(notes: string[]) {
  return {
    onBadLine: (e: { line: number; message: string }) => notes.push(`line ${e.line}: ${e.message}`),
    onError: (text: string) => notes.push(`error ${text}`),
    onPort: (port: string, line: string) => notes.push(`${port} ${line}`),
    onEncodeError: (port: string, message: string) => notes.push(`encode ${port} ${message}`),
  };
}

const sink = (into: string[]) =>
  new Writable({
    write(chunk: Buffer, _e, cb) {
      into.push(chunk.toString());
      cb();
    },
  });

/** the query on one thread, as `query --threads 1` runs it */
async function serial(j: QueryJob, input: Buffer[]): Promise<Run> {
  const notes: string[] = [];
  const c = collect(notes);
  const src = jobSource(j);
  const out: string[] = [];
  const decoder = new JsonLinesDecoder({ onError: c.onBadLine });
  const stream = new QueryStream(routeUndelivered(compileJob(j, src)), { onError: (e) => c.onError(renderError(e, src) ?? String(e)) });
  const encoder = new JsonLinesEncoder({ onPort: c.onPort, onError: (port, e) => c.onEncodeError(port, e.message) });
  await pipeline(Readable.from(input), decoder, stream, encoder, sink(out));
  return { out: out.join(''), notes };
}

/** the query on `threads` threads, the input cut into batches of about `batchBytes` */
async function parallel(j: QueryJob, input: Buffer[], threads: number, batchBytes: number): Promise<Run & { workers: number }> {
  const notes: string[] = [];
  const src = jobSource(j);
  const out: string[] = [];
  const local = new LineBatches(routeUndelivered(compileJob(j, src)), { exactNumbers: false }, (e) => renderError(e, src));
  const par = new ParallelQuery({ job: j, local, threads, batchBytes, ...collect(notes), onCut: () => notes.push('cut') });
  let workers = 0;
  par.on('data', () => (workers = Math.max(workers, par.workerCount)));
  await pipeline(Readable.from(input), par, sink(out));
  return { out: out.join(''), notes, workers };
}

t.test("Tremor's query corpus: every stateless query gives on three threads what it gives on one", async (t) => {
  const dir = path.resolve(root, '../shared/conformance/tests/queries');
  let compared = 0;
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name, 'query.trickle');
    const input = path.join(dir, name, 'in');
    if (!fs.existsSync(file) || !fs.existsSync(input)) continue;
    const j = job(fs.readFileSync(file, 'utf8'), file);
    let plan: PipelinePlan;
    try {
      plan = compileJob(j);
    } catch {
      continue; // a case that does not compile here is the conformance suite's business
    }
    if (statefulNode(plan) !== null) continue;
    const bytes = [fs.readFileSync(input)];
    // one line per batch: the lines are spread over the threads
    const [one, three] = [await serial(j, bytes), await parallel(j, bytes, 3, 1)];
    t.same(three.out, one.out, `${name}: output`);
    t.same(three.notes, one.notes, `${name}: errors and other ports`);
    compared++;
  }
  t.ok(compared >= 10, `${compared} stateless queries compared`);
});

/** JSON lines of assorted sizes, some bad, cut into reads at odd places */
function assorted(n: number): { chunks: Buffer[]; lines: string[] } {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 997 === 13) lines.push('{"a": oops');
    else if (i % 1009 === 5) lines.push('');
    else lines.push(JSON.stringify({ i, a: i % 7, pad: 'x'.repeat(i % 300), big: i % 5 === 0 ? '18446744073709551615' : 1.5 }).replace('"18446744073709551615"', '18446744073709551615'));
  }
  const all = Buffer.from(lines.join('\r\n') + '\n');
  const chunks: Buffer[] = [];
  for (let at = 0, k = 1; at < all.length; k++) {
    const size = ((k * 7919) % 65_536) + 1;
    chunks.push(all.subarray(at, at + size));
    at += size;
  }
  return { chunks, lines };
}

t.test('many batches on several threads: same lines, same order, bad lines numbered as on one thread', async (t) => {
  const j = job('select {"i": event.i, "b": event.big, "n": event.a * 2} from in where event.a != 3 into out; select event.i from in where event.a == 3 into err;');
  const { chunks } = assorted(20_000);
  const one = await serial(j, chunks);
  const many = await parallel(j, chunks, 3, 4096);
  t.ok(many.workers === 2, 'the worker threads took part');
  t.equal(many.out, one.out, 'output in input order');
  // one thread reports the bad lines of a read before running its events; the threads report
  // each in line order: each kind of note comes in the same order
  const bad = (notes: string[]) => notes.filter((n) => n.startsWith('line '));
  const other = (notes: string[]) => notes.filter((n) => !n.startsWith('line '));
  t.same(bad(many.notes), bad(one.notes), 'bad lines with the same numbers');
  t.same(other(many.notes), other(one.notes), 'err events in order');
  t.equal(bad(one.notes).length, 21, 'every bad line reported');
  t.ok(
    one.notes.some((n) => n.startsWith('line 14: invalid JSON')),
    'a bad line is reported by its number',
  );
  t.match(many.out, /"b":18446744073709551615/, 'exact 64-bit integers');
});

t.test('runtime errors are reported in order, with the query position, and the rest goes on', async (t) => {
  const j = job('select {"q": 10 / event.a} from in into out');
  const input = [Buffer.from(Array.from({ length: 3000 }, (_, i) => JSON.stringify({ a: i % 4 === 0 ? 'x' : i % 4 })).join('\n'))];
  const one = await serial(j, input);
  const many = await parallel(j, input, 2, 512);
  t.equal(many.out, one.out);
  t.same(many.notes, one.notes);
  t.equal(many.notes.length, 750, 'one error per bad event');
  t.match(many.notes[0], /error .*1 \| select \{"q": 10 \/ event\.a\}/s);
});

t.test('a byte order mark is skipped on the first line only, and a last line without newline is read', async (t) => {
  const j = job('select event from in into out');
  const input = [Buffer.from('\ufeff{"a":1}\n{"a":2}\n{"a":3}')];
  const many = await parallel(j, input, 2, 1);
  t.equal(many.out, '{"a":1}\n{"a":2}\n{"a":3}\n');
  t.same(many.notes, []);
});

t.test('the command line: --threads, a stateful query on one thread, and bad values', async (t) => {
  const cli = path.join(root, 'bin/tremor-stream.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-par-'));
  const file = path.join(dir, 'in.json');
  fs.writeFileSync(file, Buffer.concat(assorted(6000).chunks));
  const run = (args: string[]) => spawnSync(process.execPath, [cli, 'query', ...args, '--in', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const q = 'select {"i": event.i, "n": event.a * 2} from in where event.a != 3 into out';
  const one = run([q, '--threads', '1']);
  const two = run([q, '--threads', '2']);
  t.equal(one.status, 2, 'bad lines: status 2');
  t.equal(two.status, 2);
  t.equal(two.stdout, one.stdout);
  t.equal(two.stderr, one.stderr);
  const counted = run(['define window w from tumbling with size = 1000 end; select aggr::stats::count() from in[w] into out;', '--threads', '4']);
  t.equal(counted.stdout, '1000\n'.repeat(5) + '987\n', 'a windowed query counts on one thread');
  const bad = run([q, '--threads', '0']);
  t.equal(bad.status, 1);
  t.match(bad.stderr, /--threads: expected a whole number from 1 to 256/);
  fs.rmSync(dir, { recursive: true, force: true });
});
