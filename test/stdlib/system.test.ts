import t from 'tap';
import { hostname } from 'node:os';
import { system } from '../../src/std/system.js';
import { newContext } from '../../src/runtime/context.js';

t.test('context functions', (t) => {
  const ctx = { ...newContext('snot'), ingestNs: 1764175345123456789n };
  t.equal(system.fns.ingest_ns.impl(ctx), 1764175345123456789n);
  t.equal(system.fns.instance.impl(ctx), 'snot');
  t.equal(system.fns.ingest_ns.pure, false);
  t.end();
});

t.test('operating system functions', (t) => {
  t.equal(system.fns.hostname.impl(), hostname());
  t.equal(system.fns.hostname.pure, false);
  const before = BigInt(Date.now()) * 1_000_000n;
  const n = system.fns.nanotime.impl() as bigint;
  const after = BigInt(Date.now() + 1) * 1_000_000n;
  t.equal(typeof n, 'bigint');
  t.ok(n >= before - 1_000_000n && n <= after, 'wall-clock nanoseconds');
  t.equal(system.fns.nanotime.pure, false);
  t.match(system.fns.version.impl(), /^\d+\.\d+\.\d+/);
  t.end();
});
