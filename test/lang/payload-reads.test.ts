/**
 * Decoding only what a pipeline reads (src/lang/payload-reads.ts, runtime/decode-keys.ts,
 * runtime/event.ts LazyEvent): which keys each select and script reads, that the partial
 * decoding gives what the whole decoding gives, and — over every query of Tremor's corpus —
 * that events decoded lazily come out of a pipeline exactly as events decoded at once.
 */
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { Source } from '../../src/base/source.js';
import { FsLoader } from '../../src/lang/fsloader.js';
import { compileQuery } from '../../src/lang/query/compile.js';
import { Graph, type Emitted } from '../../src/pipeline/graph.js';
import { LazyEvent, newEvent, type Event } from '../../src/runtime/event.js';
import { decodeKeys, KeyReads } from '../../src/runtime/decode-keys.js';
import { validCanonical } from '../../src/runtime/json-canonical.js';
import { parseExact, stringify, stringifySorted } from '../../src/runtime/json.js';
import { setKey, type Rec, type Value } from '../../src/runtime/value.js';
import { root } from '../root.js';
import { random } from '../random.js';

function readsOf(query: string): (readonly string[] | null)[] {
  return compileQuery(query)
    .plan.nodes.filter((n) => n.kind === 'select' || n.kind === 'script')
    .map((n) => (n as { reads: readonly string[] | null }).reads);
}

t.test('the keys a select or script reads, or null when it may need the whole payload', async (t) => {
  const cases: [string, (readonly string[] | null)[]][] = [
    ['select event from in into out', [[]]],
    ['select event from in where event.a == 1 into out', [['a']]],
    ['select {"x": event.a, "y": event["b"]} from in where present event.c into out', [['a', 'b', 'c']]],
    ['select event.a.b from in into out', [['a']]],
    ['select event from in where match event of case %{ a == 1, present b } => true case _ => false end into out', [['a', 'b']]],
    ['select event from in where event.a > 1 into out having event.b == 2', [['a', 'b']]],
    ['define script s script let $c = event.k; emit event end; create script s; select event from in into s; select event from s into out;', [['k'], [], []]],
    ['define script s script match event.app of case "a" => let $x = 1; emit event case _ => null end; event end; create script s; select event from in into s; select event from s into out;', [['app'], [], []]],
    // the whole payload
    ['select {"e": event} from in into out', [null]],
    ['select event from in where event == {} into out', [null]],
    ['select [event] from in into out', [null]],
    ['select event[event.k] from in into out', [null]],
    ['select patch event of insert "x" => 1 end from in into out', [null]],
    ['select match event of case %[ 1 ] => 1 case _ => 0 end from in into out', [null]],
    ['define script s script let x = event; x end; create script s; select event from in into s; select event from s into out;', [null, [], []]],
    ['define script s script let event.x = 1; event end; create script s; select event from in into s; select event from s into out;', [null, [], []]],
    ['define script s script let $e = event; event end; create script s; select event from in into s; select event from s into out;', [null, [], []]],
    ['select event from in[w] into out', []],
  ];
  for (const [query, expected] of cases) {
    if (query.includes('in[w]')) {
      const q = 'define window w from tumbling with size = 2 end; select aggr::stats::count() from in[w] into out;';
      t.same(readsOf(q), [null], 'a windowed select decodes the whole payload');
      continue;
    }
    t.same(readsOf(query), expected, query);
  }
});

function randomRecord(next: () => number, depth = 0): Rec {
  const out: Rec = {};
  const n = Math.floor(next() * 6);
  for (let i = 0; i < n; i++) {
    const key = ['a', 'b', 'c', 'app', 'tags', 'x_y', '__proto__', 'n'][Math.floor(next() * 8)];
    const r = next();
    out[key] =
      r < 0.2
        ? 'v' + Math.floor(next() * 9)
        : r < 0.4
          ? Math.floor(next() * 2e6) - 1e6
          : r < 0.5
            ? next() < 0.5
            : r < 0.55
              ? null
              : r < 0.75 && depth < 2
                ? randomRecord(next, depth + 1)
                : ['s', 1, [2, {}], { k: 'v' }, true];
  }
  return out;
}

t.test("decodeKeys (and KeyReads.at, from the check's offsets) give the keys the whole decoding gives, and nothing else", async (t) => {
  const next = random(1203);
  const wrong: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const text = stringify(randomRecord(next));
    if (!validCanonical(text)) continue;
    const whole = JSON.parse(text) as Rec;
    const keys = ['a', 'b', 'app', 'tags', '__proto__', 'missing'].filter(() => next() < 0.5);
    const part = decodeKeys(text, keys)!;
    const expected: Rec = {};
    for (const k of keys) if (Object.hasOwn(whole, k)) setKey(expected, k, whole[k]);
    if (stringifySorted(part) !== stringifySorted(expected) || Object.getPrototypeOf(part) !== Object.prototype) wrong.push(`${text} ${keys}`);
    // the same from the offsets the check records
    const spans: number[] = [];
    validCanonical(text, spans);
    const at = new KeyReads(keys).at(text, spans);
    if (stringifySorted(at) !== stringifySorted(expected) || Object.getPrototypeOf(at) !== Object.prototype) wrong.push(`at: ${text} ${keys}`);
  }
  t.same(wrong, []);
  t.equal(decodeKeys('[1,2]', ['a']), null, 'not a record: decode it whole');
});

t.test('one KeyReads over texts of different layouts: a wrong guess of where a key is costs a search, never a wrong value', async (t) => {
  const next = random(1204);
  const reads = new KeyReads(['a', 'b', 'app', 'tags', '__proto__', 'missing']);
  const wrong: string[] = [];
  let checked = 0;
  for (let i = 0; i < 3000; i++) {
    // half the texts repeat one layout (the guesses hold), half are random (they do not)
    const text = stringify(i % 2 === 0 ? { app: `x${i}`, a: i, tags: ['t'], b: { k: i } } : randomRecord(next));
    const spans: number[] = [];
    if (!validCanonical(text, spans)) continue;
    checked++;
    const whole = JSON.parse(text) as Rec;
    const expected: Rec = {};
    for (const k of reads.keys) if (Object.hasOwn(whole, k)) setKey(expected, k, whole[k]);
    const part = reads.at(text, spans);
    if (stringifySorted(part) !== stringifySorted(expected) || Object.keys(part).length !== Object.keys(expected).length || Object.getPrototypeOf(part) !== Object.prototype) wrong.push(text);
  }
  t.ok(checked > 2000, `${checked} texts checked`);
  t.same(wrong, []);
});

/** the outputs of a query over events built by `make`, rendered for comparison */
function outputs(query: string, file: string, values: Value[], make: (v: Value, i: number) => Event): string[] {
  const plan = compileQuery(new Source(file, query), { loader: new FsLoader({ main: file }) }).plan;
  const graph = new Graph(plan);
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const results: Emitted[] = [];
    const err = graph.enqueue('in', make(values[i], i), results);
    if (err) out.push(`error ${(err as Error).message}`);
    for (const r of results) out.push(`${r.port} ${stringify(r.event.data)} ${stringify(r.event.meta)}`);
  }
  const results: Emitted[] = [];
  graph.flush(results);
  for (const r of results) out.push(`${r.port} ${stringify(r.event.data)} ${stringify(r.event.meta)}`);
  return out;
}

t.test("Tremor's query corpus: lazily decoded events come out as eagerly decoded ones", async (t) => {
  const dir = path.resolve(root, '../shared/conformance/tests/queries');
  let lazyEvents = 0;
  let cases = 0;
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name, 'query.trickle');
    const input = path.join(dir, name, 'in');
    if (!fs.existsSync(file) || !fs.existsSync(input)) continue;
    const query = fs.readFileSync(file, 'utf8');
    const values = fs
      .readFileSync(input, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => parseExact(l));
    let eager: string[];
    try {
      eager = outputs(query, file, values, (v, i) => newEvent(v, i, i));
    } catch {
      continue; // a case that does not compile here is the conformance suite's business
    }
    // the canonical text of the value, decoded only when read; with the check's offsets or without
    const lazyOf = (withSpans: boolean) => (v: Value, i: number) => {
      const text = stringify(v);
      const spans: number[] = [];
      if (!validCanonical(text, spans)) return newEvent(v, i, i);
      lazyEvents++;
      return new LazyEvent(text, (s) => JSON.parse(s) as Value, { of: undefined, bytes: new Uint8Array(0), codec: 'test' }, i, i, {}, null, withSpans ? spans : null);
    };
    t.same(outputs(query, file, values, lazyOf(false)), eager, name);
    t.same(outputs(query, file, values, lazyOf(true)), eager, `${name} (offsets from the check)`);
    cases++;
  }
  t.ok(cases >= 30, `${cases} queries compared`);
  t.ok(lazyEvents >= 100, `${lazyEvents} events decoded lazily`);
});

t.test('a filter that reads two keys passes the event on undecoded, written as its line', async (t) => {
  const graph = new Graph(compileQuery('select event from in where event.level == "error" and event.n > 1 into out').plan);
  const text = '{"level":"error","n":2,"big":{"deep":[1,2,3]},"msg":"x"}';
  const ev = new LazyEvent(text, (s) => JSON.parse(s) as Value, { of: undefined, bytes: new Uint8Array(0), codec: 'test' }, 0, 0, {}, null);
  const results: Emitted[] = [];
  graph.enqueue('in', ev, results);
  t.equal(results.length, 1);
  t.equal(results[0].event, ev, 'the event itself is handed on');
  t.ok(ev.unread, 'its payload was never decoded whole');
  t.equal(ev.textIfUnchanged('test'), text, 'so its text still stands for it');
  t.same(ev.data, JSON.parse(text), 'and reading it decodes all of it');
  const dropped: Emitted[] = [];
  graph.enqueue('in', new LazyEvent('{"level":"info","n":2}', (s) => JSON.parse(s) as Value, { of: undefined, bytes: new Uint8Array(0), codec: 'test' }, 0, 1, {}, null), dropped);
  t.same(dropped, [], 'the filter still filters');
});
