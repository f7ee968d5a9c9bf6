/**
 * Events that leave a pipeline unchanged are written as the bytes they were decoded from
 * (runtime/event.ts, Raw): the json codec says which texts are canonical, sinks with the same
 * codec hand the bytes on, and any change to the payload — a new value, or a write in place
 * through any alias — makes the sink encode it again.
 */
import t from 'tap';
import { parseCanonical } from '../../src/runtime/json-canonical.js';
import { parseJson, stringify } from '../../src/runtime/json.js';
import { EventDecoder, EventEncoder } from '../../src/connectors/framing.js';
import { compileQuery } from '../../src/lang/query/compile.js';
import { Graph, type Emitted } from '../../src/pipeline/graph.js';
import { withData } from '../../src/runtime/event.js';
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
