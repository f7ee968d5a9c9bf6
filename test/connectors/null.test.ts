import t from 'tap';
import { Writable } from 'node:stream';
import { ConfigError, type PortEvent } from '../../src/connectors/connector.js';
import { discard, nullConnector } from '../../src/connectors/null.js';
import { newEvent } from '../../src/runtime/event.js';
import { fakeContext } from './fake-context.js';

t.test('null: the source ends at once, the sink drops everything', async (t) => {
  const inst = nullConnector.create(fakeContext(), nullConnector.validate(null));
  const got: PortEvent[] = [];
  for await (const pe of inst.source!) got.push(pe as PortEvent);
  t.same(got, []);
  let acked = 0;
  for (let i = 0; i < 10_000; i++) if (inst.sink!.write({ port: 'in', event: newEvent({ i }, 0, i) }, () => acked++) === false) t.fail('the sink never applies backpressure');
  await new Promise<void>((resolve) => inst.sink!.end(resolve));
  t.equal(acked, 10_000);
  t.same([nullConnector.outputs({}), nullConnector.inputs({}), nullConnector.codec], [['out', 'err'], ['in'], 'optional']);
});

t.test('null: stop ends a source that was never read, and piping it ends its consumer', async (t) => {
  const inst = nullConnector.create(fakeContext(), {});
  await inst.stop!();
  await inst.stop!();
  const consumer = new Writable({ objectMode: true, write: (_c, _e, cb) => cb() });
  await new Promise((resolve) => inst.source!.pipe(consumer).on('finish', resolve));
  t.pass('ended');
});

t.test('discard: a sink only', async (t) => {
  const inst = discard.create(fakeContext({ codec: null }), discard.validate({}));
  t.notOk(inst.source);
  inst.sink!.write({ port: 'in', event: newEvent('x', 0) });
  await new Promise<void>((resolve) => inst.sink!.end(resolve));
  t.same([discard.outputs({}), discard.inputs({})], [[], ['in']]);
});

t.test('neither takes configuration', (t) => {
  for (const type of [nullConnector, discard]) {
    t.throws(() => type.validate({ path: 'x' }), new ConfigError(`Unknown configuration key \`path\` for a ${type.name} connector; it takes no configuration`, 'unknown', 'path'));
    t.throws(() => type.validate([1]), /must be a record/);
  }
  t.end();
});
