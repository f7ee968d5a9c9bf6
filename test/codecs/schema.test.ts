import t from 'tap';
import { codecNames, codecType, createCodec } from '../../src/codecs/index.js';

/** every codec's configuration keys; a codec registered without an entry here fails */
const KEYS: Record<string, string[]> = {
  json: ['mode'],
  'json-sorted': [],
  string: [],
  binary: [],
  null: [],
  msgpack: [],
  yaml: [],
  csv: [],
  influx: [],
  statsd: [],
  binflux: [],
  dogstatsd: [],
  syslog: [],
  tremor: [],
};

t.test('every registered codec exposes a schema whose describe() lists its keys, each with a doc line', (t) => {
  t.same(codecNames().sort(), Object.keys(KEYS).sort(), 'the codecs listed here are the registered ones');
  for (const name of codecNames()) {
    const rows = codecType(name)!.config.describe();
    t.same(
      rows.map((r) => r.key),
      KEYS[name],
      `${name}: its keys`,
    );
    for (const r of rows) t.match(r.doc, /\S/, `${name}.${r.key} has a doc`);
  }
  t.end();
});

for (const name of Object.keys(KEYS)) {
  t.test(`the ${name} codec rejects an unknown key, naming it and the known keys`, (t) => {
    const known = KEYS[name].length ? `known keys: ${KEYS[name].join(', ')}` : 'it takes no configuration';
    t.throws(() => createCodec({ name, config: { bogus: 1 } }), { message: `Unknown configuration key \`bogus\` for the ${name} codec; ${known}` });
    t.end();
  });
}
