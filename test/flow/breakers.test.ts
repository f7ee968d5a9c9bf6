/**
 * Circuit breakers (src/flow/breakers.ts): a sink that opens its breaker pauses every source
 * feeding it, through pipelines; closing it resumes them; a source held by two sinks resumes
 * only once both have closed theirs.
 */
import t from 'tap';
import { deploy } from '../../src/app/deploy.js';
import type { ConnectorContext, ConnectorType } from '../../src/connectors/connector.js';
import type { Value } from '../../src/runtime/value.js';
import { settle, until } from '../until.js';
import { countSource, probe, sinkType } from './doubles.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { Breakers } from '../../src/flow/breakers.js';
import type { Router } from '../../src/flow/router.js';

/** a sink that opens its breaker on its first event; `close()` closes it */
function breakerSink(received: Value[], ctxs: ConnectorContext[]): ConnectorType<null> {
  return sinkType('test_breaker', (c, ctx, done) => {
    if (received.length === 0) {
      ctxs.push(ctx);
      ctx.breaker?.(true);
    }
    received.push(c.event.data);
    done();
  });
}

const N = 5000;

t.test('an open breaker pauses the source behind a pipeline; closing it resumes the source', async (t) => {
  const p = probe();
  const received: Value[] = [];
  const ctxs: ConnectorContext[] = [];
  const reports: string[] = [];
  const types = new Map(connectorTypes).set('test_count', countSource(p)).set('test_breaker', breakerSink(received, ctxs));
  const h = deploy(
    `define flow main flow
       define connector src from test_count with config = {"n": ${N}} end;
       define connector out from test_breaker;
       define pipeline pass pipeline select event from in into out; end;
       create connector src; create connector out; create pipeline pass;
       connect /connector/src to /pipeline/pass; connect /pipeline/pass to /connector/out;
     end;
     deploy flow main;`,
    { types, report: (m) => reports.push(String(m)) },
  );
  await until(t, 'the first event', () => received.length > 0);
  await settle();
  const produced = p.produced;
  const got = received.length;
  t.ok(produced < N, `the source stopped early (${produced} of ${N} produced)`);
  await settle();
  t.equal(p.produced, produced, 'and stays stopped');
  t.equal(received.length, got, 'what was in flight has arrived, nothing more');
  t.match(reports.join('\n'), /main::out: circuit breaker open: the sources feeding it pause/);
  ctxs[0].breaker!(false);
  t.equal(await h.done, 0);
  t.equal(received.length, N, 'every event arrived once closed');
  t.same(received.slice(0, 5), [0, 1, 2, 3, 4], 'in order');
  t.match(reports.join('\n'), /circuit breaker closed: the sources feeding it resume/);
});

t.test('a source held by two sinks resumes once both breakers are closed', async (t) => {
  const held: string[] = [];
  const fakeRouter = (name: string) => ({ hold: (sink: string, open: boolean) => void held.push(`${name} ${open ? 'held' : 'released'} by ${sink}`) });
  const routers = new Map([['connector/a', fakeRouter('a')]]);
  const b = new Breakers(
    [
      { from: 'connector/a', to: 'pipeline/p' },
      { from: 'pipeline/p', to: 'connector/x' },
      { from: 'pipeline/p', to: 'connector/y' },
    ],
    (k) => routers.get(k) as unknown as Router,
  );
  b.set('connector/x', true);
  b.set('connector/x', true);
  b.set('connector/y', true);
  b.set('connector/x', false);
  t.same(held, ['a held by connector/x', 'a held by connector/y', 'a released by connector/x'], 'an unchanged breaker tells nobody');
  t.same([...b.open], ['connector/y']);
});
