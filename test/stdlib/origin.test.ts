import t from 'tap';
import { origin, uriString } from '../../src/std/origin.js';
import { newContext } from '../../src/runtime/context.js';

const call = (name: string, ctx = newContext()) => origin.fns[name].impl(ctx);

t.test('origin parts (corpus scripts/origin)', (t) => {
  const ctx = { ...newContext(), origin: { scheme: 'snot', host: 'test', port: 23, path: ['snot'] } };
  t.equal(call('as_uri_string', ctx), 'snot://test:23/snot');
  t.same(call('as_uri_record', ctx), { scheme: 'snot', host: 'test', port: 23, path: ['snot'] });
  t.equal(call('scheme', ctx), 'snot');
  t.equal(call('host', ctx), 'test');
  t.equal(call('port', ctx), 23);
  t.same(call('path', ctx), ['snot']);
  t.equal(uriString({ scheme: 'tremor-metronome', host: 'h', port: null, path: [] }), 'tremor-metronome://h');
  t.equal(uriString({ scheme: 'file', host: 'h', port: null, path: ['a', 'b'] }), 'file://h/a/b');
  t.end();
});

t.test('null without an origin', (t) => {
  for (const f of ['as_uri_string', 'as_uri_record', 'scheme', 'host', 'port', 'path']) {
    t.equal(call(f), null, f);
    t.equal(origin.fns[f].pure, false);
  }
  t.end();
});
