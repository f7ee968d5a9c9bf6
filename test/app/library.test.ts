/**
 * The one-call library API (issue #18): `query(text)` is a ready Transform, `script(text)` a
 * function, `deploy(troy)` a running deployment with in-process inputs and outputs; a wrong
 * argument is a TypeError saying what was expected.
 */
import t from 'tap';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { query, script, deploy, QueryStream, CompileError, compileQuery, newEvent, type Value } from '../../src/index.js';

async function through(stream: NodeJS.ReadWriteStream, inputs: unknown[]): Promise<unknown[]> {
  const out: unknown[] = [];
  stream.on('data', (v) => out.push(v));
  for (const v of inputs) stream.write(v as never);
  stream.end();
  await once(stream, 'end');
  return out;
}

t.test('query(): values in, the values of port out out', async (t) => {
  const q = query('select {"b": event.a + 1} from in where event.a > 0 into out; select event from in where event.a <= 0 into err;');
  t.same(await through(q, [{ a: 1 }, { a: 0 }, { a: 2 }]), [{ b: 2 }, { b: 3 }]);
  const ports = query('select {"b": event.a + 1} from in where event.a > 0 into out; select event from in where event.a <= 0 into err;', { ports: true });
  t.same(await through(ports, [{ a: 1 }, { a: 0 }]), [
    { port: 'out', value: { b: 2 } },
    { port: 'err', value: { a: 0 } },
  ]);
  const events = query('select event.a from in into out', { events: true });
  const got = (await through(events, [newEvent({ a: 7 }, 0n)])) as { port: string; event: { data: Value } }[][];
  t.same(
    got.flat().map((r) => [r.port, r.event.data]),
    [['out', 7]],
  );
  t.same(await through(query('select args.k from in into out', { args: { k: 'v' } }), [{}]), ['v'], 'args');
  t.same(await through(query('define window w from tumbling with size = 2 end; select aggr::stats::count() from in[w] into out;'), [1, 2, 3]), [2, 1], 'windows flush at the end');
  t.same(await through(query('select event from in into out'), [9007199254740993n]), [9007199254740993n], '64-bit integers stay exact');
});

t.test('query(): errors', async (t) => {
  t.throws(() => query(42 as unknown as string), new TypeError('query(text, options): expected the query text as a string, got a number'));
  t.throws(() => query('select event from in into out', 'x' as never), /expected options as an object, got the string "x"/);
  t.throws(() => query('select event from in into out', { bogus: 1 } as never), /unknown option "bogus"; expected one of ports, events, args/);
  t.throws(() => query('select event from in into out', { ports: true, events: true }), /exclude each other/);
  t.throws(() => query('select event.a + from in into out'), CompileError);
  t.throws(() => new QueryStream('select event from in into out' as never), /new QueryStream\(plan\): expected a compiled plan \(compileQuery\(text\)\.plan\), got a string; for a query text use query\(text\)/);
  t.throws(() => new QueryStream(undefined as never), /got undefined/);
  t.ok(new QueryStream(compileQuery('select event from in into out').plan), 'a plan is fine');
  const errors: unknown[] = [];
  const q = query('select 1 / event from in into out', { onError: (e) => errors.push(e) });
  t.same(await through(q, [0, 2]), [0.5], 'a runtime error is reported and the stream goes on');
  t.equal(errors.length, 1);
});

t.test('script(): a function; state carries over; run() tells everything', async (t) => {
  const f = script('match event of case %{ n > 1 } => "big" case _ => "small" end');
  t.equal(f({ n: 2 }), 'big');
  t.equal(f({ n: 0 }), 'small');
  const counter = script('let state = match state of case null => 1 case _ => state + 1 end; state');
  t.same([counter(null as unknown as Value), counter(1), counter(1)], [1, 2, 3]);
  t.equal(counter.state, 3);
  const router = script('let $seen = true; match event of case 0 => drop case _ => emit event => "err" end');
  t.equal(router(0), undefined, 'drop');
  t.same(router.run(5), { value: 5, dropped: false, port: 'err', event: 5, meta: { seen: true } });
  t.same(script('args.x * event', { args: { x: 3 } })(2), 6);
  t.throws(() => script(null as unknown as string), /script\(text, options\): expected the script text as a string, got null/);
  t.throws(() => f(undefined as unknown as Value), /expected an event/);
  t.throws(() => script('1 +'), CompileError);
});

t.test('deploy(): host inputs and outputs, done, stop', async (t) => {
  const app = deploy(`define flow main flow
    define connector input from host; define connector output from host;
    define pipeline p pipeline select {"n": event.n, "twice": event.n * 2} from in into out; end;
    create connector input; create connector output; create pipeline p;
    connect /connector/input to /pipeline/p; connect /pipeline/p to /connector/output;
  end; deploy flow main;`);
  Readable.from([{ n: 1 }, { n: 2 }, { n: 3 }]).pipe(app.input('input'));
  const got: Value[] = [];
  for await (const v of app.output('output')) got.push(v as Value);
  t.same(got, [
    { n: 1, twice: 2 },
    { n: 2, twice: 4 },
    { n: 3, twice: 6 },
  ]);
  t.equal(await app.done, 0, 'the flow ends once its input has ended and drained');
  t.throws(() => app.input('nope'), /input\(alias\): expected the alias of a connector `from host` \(input, output\), got the string "nope"/);
  t.throws(() => deploy(5 as never), /deploy\(troy, options\): expected the deployment's troy text as a string \(or a Source\), got a number/);

  const forever = deploy(`define flow main flow
    define connector input from host; define connector output from host;
    define pipeline p pipeline select event from in into out; end;
    create connector input; create connector output; create pipeline p;
    connect /connector/input to /pipeline/p; connect /pipeline/p to /connector/output;
  end; deploy flow main;`);
  forever.input('input').write('x');
  const it = forever.output('output')[Symbol.asyncIterator]();
  t.same((await it.next()).value, 'x');
  t.equal(await forever.stop(), 0, 'stop() ends a deployment whose input is still open');
});
