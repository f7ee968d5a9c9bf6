import t from 'tap';
import { createPostprocessors, createPreprocessors, postprocessorTypes, preprocessorTypes } from '../../src/interceptors/index.js';

/** every pre- and postprocessor's configuration keys; one registered without an entry here fails */
const PRE: Record<string, string[]> = {
  separate: ['separator', 'max_length', 'buffered'],
  'remove-empty': [],
  gzip: [],
  base64: [],
  zlib: [],
  decompress: ['algorithm'],
  'length-prefixed': [],
  'textual-length-prefixed': [],
  'textual-length-prefix': [],
  'ingest-ns': [],
  'gelf-chunking': [],
};
const POST: Record<string, string[]> = {
  separate: ['separator'],
  gzip: ['level'],
  base64: [],
  zlib: ['level'],
  compress: ['algorithm', 'level'],
  'streaming-compress': ['algorithm', 'level'],
  'length-prefixed': [],
  'textual-length-prefixed': [],
  'textual-length-prefix': [],
  'ingest-ns': [],
  'gelf-chunking': ['chunk_size'],
  chunk: ['max_bytes'],
  collect: ['max_bytes'],
};

const sides = [
  { kind: 'preprocessor', types: preprocessorTypes, expected: PRE, create: createPreprocessors },
  { kind: 'postprocessor', types: postprocessorTypes, expected: POST, create: createPostprocessors },
] as const;

t.test('every registered interceptor exposes a schema whose describe() lists its keys, each with a doc line', (t) => {
  for (const { kind, types, expected } of sides) {
    t.same(
      types()
        .map((x) => x.name)
        .sort(),
      Object.keys(expected).sort(),
      `the ${kind}s listed here are the registered ones`,
    );
    for (const type of types()) {
      t.equal(type.kind, kind);
      const rows = type.config.describe();
      t.same(
        rows.map((r) => r.key),
        expected[type.name],
        `${kind} ${type.name}: its keys`,
      );
      for (const r of rows) t.match(r.doc, /\S/, `${kind} ${type.name}.${r.key} has a doc`);
    }
  }
  t.end();
});

for (const { kind, expected, create } of sides) {
  for (const name of Object.keys(expected)) {
    t.test(`the ${name} ${kind} rejects an unknown key, naming it and the known keys`, (t) => {
      const known = expected[name].length ? `known keys: ${expected[name].join(', ')}` : 'it takes no configuration';
      t.throws(() => create([{ name, config: { bogus: 1 } }]), { message: `Unknown configuration key \`bogus\` for the ${name} ${kind}; ${known}` });
      t.end();
    });
  }
}
