/** Every connector type exposes its configuration schema, and the schema is what `validate` reads. */
import t from 'tap';
import { ConfigError } from '../../src/connectors/connector.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { schemaTable } from '../../src/runtime/schema.js';

t.test('every registered connector type has a schema that lists the keys validate accepts', (t) => {
  for (const [name, type] of connectorTypes) {
    const rows = type.config.describe();
    const keys = rows.flatMap((r) => r.key.split(' / '));
    for (const r of rows) t.not(r.doc, '', `${name}: \`${r.key}\` has a doc`);
    t.match(schemaTable(type.config), rows.length ? /^\| key \|/ : /no configuration/, `${name}: a README table`);
    // an unknown key is rejected, naming exactly the keys the schema describes
    try {
      type.validate({ no_such_key: 1 });
      t.fail(`${name} accepted an unknown key`);
    } catch (e) {
      t.type(e, ConfigError, name);
      t.equal((e as ConfigError).kind, 'unknown', name);
      const listed = /known keys: (.*)$/.exec((e as Error).message)?.[1].split(', ') ?? [];
      t.same(listed, keys, `${name}: the message lists the described keys`);
    }
  }
  t.end();
});
