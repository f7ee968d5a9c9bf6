import t from 'tap';
import { stdRoot } from '../../src/std/index.js';
import type { StdModule } from '../../src/std/registry.js';

const at = (root: StdModule, path: string): StdModule => path.split('::').reduce((m, n) => m.mods[n], root);

t.test('the tree', (t) => {
  const root = stdRoot();
  t.same(Object.keys(root.mods).sort(), ['std', 'tremor']);
  t.same(Object.keys(root.mods.std.mods).sort(), [
    'array',
    'base64',
    'binary',
    'datetime',
    'float',
    'integer',
    'json',
    'math',
    'path',
    'random',
    'range',
    're',
    'record',
    'size',
    'string',
    'test',
    'time',
    'type',
    'url',
    'win',
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

t.test('arities', (t) => {
  const root = stdRoot();
  const arity = (path: string) => {
    const parts = path.split('::');
    const f = at(root, parts.slice(0, -1).join('::')).fns[parts[parts.length - 1]];
    return [f.minArity, f.maxArity];
  };
  t.same(arity('std::string::format'), [1, Infinity]);
  t.same(arity('std::string::substr'), [3, 3]);
  t.same(arity('std::array::sort'), [1, 1], 'one parameter, whatever 0.12 declared');
  t.same(arity('std::random::integer'), [0, 2]);
  t.same(arity('std::random::float'), [0, 2]);
  t.same(arity('std::win::cardinality'), [0, 0]);
  t.same(arity('std::path::try_default'), [3, 3]);
  t.same(arity('tremor::chash::jump_with_keys'), [4, 4]);
  t.same(arity('tremor::system::ingest_ns'), [0, 0]);
  t.end();
});

t.test('lookups are safe for any name', (t) => {
  const root = stdRoot();
  t.equal(root.mods.std.mods.string.fns.constructor, undefined);
  t.equal(root.mods.std.mods.constructor, undefined);
  t.end();
});
