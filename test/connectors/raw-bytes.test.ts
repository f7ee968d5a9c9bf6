/**
 * Events that leave a pipeline unchanged are written as the bytes they were decoded from
 * (runtime/event.ts, Raw): the json codec says which texts are canonical, sinks with the same
 * codec hand the bytes on, and any change to the payload — a new value, or a write in place
 * through any alias — makes the sink encode it again.
 */
import t from 'tap';
import { validCanonical } from '../../src/runtime/json-canonical.js';
import { parseCanonical } from './canonical-oracle.js';
import { parseJson, stringify } from '../../src/runtime/json.js';
import { EventDecoder, EventEncoder } from '../../src/connectors/framing.js';
import { compileQuery } from '../../src/lang/query/compile.js';
import { Graph, type Emitted } from '../../src/pipeline/graph.js';
import { LazyEvent, withData } from '../../src/runtime/event.js';
import { FloatBox, type Value } from '../../src/runtime/value.js';
import { fakeContext } from './fake-context.js';
import { random } from '../random.js';

function randomValue(next: () => number, depth: number): Value {
  const r = next();
  if (depth > 3 || r < 0.45) {
    const leaf = Math.floor(next() * 9);
    switch (leaf) {
      case 0:
        return null;
      case 1:
        return next() < 0.5;
      case 2:
        return Math.floor(next() * 2e6) - 1e6;
      case 3:
        return next() * 100 - 50;
      case 4:
        return new FloatBox(Math.floor(next() * 10));
      case 5:
        return 2n ** 60n + BigInt(Math.floor(next() * 1000));
      case 6:
        return ['plain', 'with "quote"', 'tab\there', 'é ü ☃', '/slash/', '', '\u2028'][Math.floor(next() * 7)];
      case 7:
        return Math.floor(next() * 100);
      default:
        return 'k' + Math.floor(next() * 100);
    }
  }
  if (r < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  const rec: Record<string, Value> = {};
  const n = Math.floor(next() * 5);
  for (let i = 0; i < n; i++) rec[['a', 'b', 'long_key', '7', 'x y', 'k' + i][Math.floor(next() * 6)]] = randomValue(next, depth + 1);
  return rec;
}

t.test('a text called canonical is exactly what stringify writes for its value (2,000 random values)', async (t) => {
  const next = random(20261203);
  let canonical = 0;
  const decodedOtherwise: string[] = [];
  const reencodedOtherwise: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const text = stringify(randomValue(next, 0));
    const d = parseCanonical(text);
    // compared as exact JSON texts: escaped, so that U+2028 cannot break TAP's lines
    if (stringify(d.value) !== stringify(parseJson(text))) decodedOtherwise.push(JSON.stringify(text));
    if (d.canonical) {
      canonical++;
      if (stringify(d.value) !== text) reencodedOtherwise.push(JSON.stringify(text));
    }
  }
  t.same(decodedOtherwise, [], 'every text decodes as parseJson decodes it');
  t.same(reencodedOtherwise, [], 'every text called canonical re-encodes to itself');
  t.ok(canonical > 300, `${canonical} of 2000 canonical (the short cut is taken)`);
});

t.test('texts that would not be written back byte for byte are not canonical, and decode as before', async (t) => {
  const cases = [
    '{"a": 1}', // whitespace
    ' {"a":1}',
    '{"a":"x\\/y"}', // an escape
    '{"a":"\\u00e9"}',
    '{"a":1.50}', // a float
    '{"a":1.0}',
    '{"a":1e3}',
    '{"a":-0}',
    '{"a":12345678901234567}', // beyond 15 digits
    '{"b":1,"1":2}', // an integer-like key is listed first by JavaScript
    '{"a":1,"a":2}', // a repeated key
    '{"x":{"a":1,"a":2}}',
    '"just a string"', // not a record or array
    '42',
  ];
  for (const text of cases) {
    const d = parseCanonical(text);
    t.equal(d.canonical, false, text);
    t.same(d.value, parseJson(text), `${text} decodes as before`);
  }
  for (const text of ['{"a":1}', '[1,-2,"x",true,false,null,{"b":[]}]', '{"a":{"b":{"c":"d"}},"e":[1,2,3]}', '{}', '[]']) {
    t.equal(parseCanonical(text).canonical, true, text);
  }
  t.throws(() => parseCanonical('{"a":'), 'invalid JSON still fails');
});

/** the json codec's decoder and encoder around a compiled query */
function through(query: string, line: string): { input: Buffer; written: Uint8Array[] } {
  const ctx = fakeContext();
  const decoder = new EventDecoder(ctx, { origin: null });
  const encoder = new EventEncoder(ctx);
  const graph = new Graph(compileQuery(query).plan);
  const input = Buffer.from(line);
  const written: Uint8Array[] = [];
  for (const pe of decoder.decode(input)) {
    const results: Emitted[] = [];
    const err = graph.enqueue('in', pe.event, results);
    if (err) throw err;
    for (const r of results) if (r.port === 'out') written.push(...encoder.encodeEvent(r.event));
  }
  return { input, written };
}

const LINE = '{"app":"a","n":1,"tags":["x"]}';

t.test('an unchanged event is written as its input bytes; a changed one is encoded again', async (t) => {
  const same = through('select event from in into out', LINE);
  t.equal(same.written.length, 1);
  t.equal(same.written[0], same.input, 'the very bytes that were read (not an equal copy)');

  const meta = through('define script s script let $class = "c"; let $rate = 1; event end; create script s; select event from in into s; select event from s into out;', LINE);
  t.equal(meta.written[0], meta.input, 'metadata written at the top (`let $x = …`) leaves the payload as read');

  for (const [what, query, expected] of [
    ['a new payload', 'select {"app": event.app} from in into out', '{"app":"a"}'],
    ['a write into the event', 'define script s script let event.n = 2; event end; create script s; select event from in into s; select event from s into out;', '{"app":"a","n":2,"tags":["x"]}'],
    [
      'a write through a local alias',
      'define script s script let x = event; let x.added = true; event end; create script s; select event from in into s; select event from s into out;',
      '{"app":"a","n":1,"tags":["x"],"added":true}',
    ],
    [
      'a write through a metadata alias',
      'define script s script let $m = event; let $m.added = true; event end; create script s; select event from in into s; select event from s into out;',
      '{"app":"a","n":1,"tags":["x"],"added":true}',
    ],
    ['a write into a nested value', 'define script s script let t = event.tags; let t[0] = "y"; event end; create script s; select event from in into s; select event from s into out;', null],
  ] as const) {
    const r = through(query, LINE);
    t.not(r.written[0], r.input, `${what}: encoded again`);
    if (expected !== null) t.equal(Buffer.from(r.written[0]).toString(), expected, what);
  }
});

t.test('raw bytes are only written by a sink with the same codec and configuration', async (t) => {
  const ctx = fakeContext();
  const [pe] = new EventDecoder(ctx, { origin: null }).decode(Buffer.from(LINE));
  t.ok(pe.event.raw, 'the decoded event keeps its bytes');
  const sorted = new EventEncoder(fakeContext({ codec: { name: 'json', config: { mode: 'sorted' } } }));
  t.equal(Buffer.from(sorted.encodeEvent(pe.event)[0]).toString(), '{"app":"a","n":1,"tags":["x"]}');
  t.not(sorted.encodeEvent(pe.event)[0], pe.event.raw?.bytes, 'another configuration encodes');
  const changed = withData(pe.event, { other: 1 });
  t.equal(Buffer.from(new EventEncoder(ctx).encodeEvent(changed)[0]).toString(), '{"other":1}', 'a new payload with the old raw bytes is encoded');
});

t.test('validCanonical takes exactly the valid canonical texts (the lazy check agrees with decoding)', async (t) => {
  const next = random(7);
  const disagree: string[] = [];
  const mutations = [' ', '"', ',', ':', '}', ']', '{', '[', '1', '-', '.', 'e', 't', 'x', '\u0001', '\\'];
  let taken = 0;
  for (let i = 0; i < 3000; i++) {
    let text = stringify(randomValue(next, 0));
    // damage some of them: one character replaced, inserted or removed
    const r = next();
    if (r < 0.5 && text.length > 0) {
      const at = Math.floor(next() * text.length);
      const m = mutations[Math.floor(next() * mutations.length)];
      text = r < 0.2 ? text.slice(0, at) + m + text.slice(at + 1) : r < 0.4 ? text.slice(0, at) + m + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    }
    let expected = false;
    try {
      expected = parseCanonical(text).canonical;
    } catch {
      expected = false;
    }
    if (validCanonical(text) !== expected) disagree.push(JSON.stringify(text));
    if (expected) taken++;
  }
  t.same(disagree, [], 'validCanonical(text) === parseCanonical(text).canonical, also for broken texts');
  t.ok(taken > 300, `${taken} taken`);
  for (const text of ['{"a":1}x', '{"a":1', '{"a" :1}', '{"a":tru}', '{"a":nul}', '[1,]', '[,1]', '{"a":1,}', '{"a"}', '["\u0001"]', '[01]', '[-]', '[1.5]']) {
    t.equal(validCanonical(text), false, JSON.stringify(text));
  }
});

t.test('a lazy event is decoded only when read; unread, it is written as its bytes', async (t) => {
  const ctx = fakeContext();
  const input = Buffer.from(LINE);
  const [pe] = new EventDecoder(ctx, { origin: null }).decode(input);
  t.ok(pe.event instanceof LazyEvent && pe.event.unread, 'a valid canonical line is kept undecoded');
  t.equal(new EventEncoder(ctx).encodeEvent(pe.event)[0], input, 'written unread: its bytes');
  t.same(pe.event.data, { app: 'a', n: 1, tags: ['x'] }, 'read: decoded');
  t.equal((pe.event as LazyEvent).unread, false);
  t.equal(new EventEncoder(ctx).encodeEvent(pe.event)[0], input, 'read but unchanged: still its bytes');
  (pe.event.data as Record<string, Value>).n = 5;
  pe.event.data = { replaced: true };
  t.equal(Buffer.from(new EventEncoder(ctx).encodeEvent(pe.event)[0]).toString(), '{"replaced":true}', 'replaced: encoded');

  const [bad] = new EventDecoder(ctx, { origin: null }).decode(Buffer.from('{"a":01}'));
  t.equal(bad.port, 'err', 'a line that is not JSON is an error at the source, lazy or not');
  const [spaced] = new EventDecoder(ctx, { origin: null }).decode(Buffer.from('{"a": 1.5}'));
  t.notOk(spaced.event instanceof LazyEvent, 'a text that is not canonical is decoded at once');
  t.same(spaced.event.data, { a: 1.5 });
});

t.test('`select event` passes the event on without reading it', async (t) => {
  const r = through('select event from in into out', LINE);
  t.equal(r.written[0], r.input);
  const graph = new Graph(compileQuery('select event from in into out').plan);
  const [pe] = new EventDecoder(fakeContext(), { origin: null }).decode(Buffer.from(LINE));
  const results: Emitted[] = [];
  graph.enqueue('in', pe.event, results);
  t.equal(results[0].event, pe.event, 'the same event');
  t.ok((results[0].event as LazyEvent).unread, 'still undecoded');
  const filtered: Emitted[] = [];
  new Graph(compileQuery('select event from in where event.n == 1 into out').plan).enqueue('in', new EventDecoder(fakeContext(), { origin: null }).decode(Buffer.from(LINE))[0].event, filtered);
  t.equal(filtered.length, 1, 'a select that reads the payload decodes it');
});
