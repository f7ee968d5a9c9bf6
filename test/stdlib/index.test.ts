import t from 'tap';
import { stdRoot } from '../../src/lang/stdlib/index.js';
import type { StdModule } from '../../src/lang/stdlib/registry.js';

const at = (root: StdModule, path: string): StdModule => path.split('::').reduce((m, n) => m.mods[n], root);

t.test('the tree', (t) => {
  const root = stdRoot();
  t.same(Object.keys(root.mods).sort(), ['std', 'tremor']);
  t.same(Object.keys(root.mods.std.mods).sort(), [
    'array', 'base64', 'binary', 'datetime', 'float', 'integer', 'json', 'math', 'path', 'random', 'range', 're', 'record', 'size', 'string', 'test', 'time', 'type', 'url', 'win',
  ]);
  t.same(Object.keys(root.mods.tremor.mods).sort(), ['chash', 'origin', 'system', 'windows']);
  t.ok(at(root, 'std::time::nanos').fns.from_seconds);
  t.ok(at(root, 'std::integer::signed').consts.MAX);
  t.ok(at(root, 'std::datetime::timezones').consts.EUROPE_BERLIN !== undefined);
  t.equal(at(root, 'std::datetime::formats').consts.RFC3339, '%+');
  t.end();
});

t.test('every function is named after its module', (t) => {
  const walk = (m: StdModule, path: string[]) => {
    for (const [name, f] of Object.entries(m.fns)) t.equal(f.fullName, `${path[path.length - 1]}::${name}`);
    for (const [name, sub] of Object.entries(m.mods)) walk(sub, [...path, name]);
  };
  walk(stdRoot(), ['']);
  t.end();
});

t.test('lookups are safe for any name', (t) => {
  const root = stdRoot();
  t.equal(root.mods.std.mods.string.fns.constructor, undefined);
  t.equal(root.mods.std.mods.constructor, undefined);
  t.end();
});
