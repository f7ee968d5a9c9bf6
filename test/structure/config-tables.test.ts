/** README's configuration reference is generated from the schemas and must be current. */
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { configTables, withConfigTables } from '../../src/app/config-tables.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { root } from '../root.js';

t.test('README holds the current configuration tables', async (t) => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  t.equal(withConfigTables(readme), readme, 'run `npm run config-tables` after changing a schema');
});

t.test('every connector has a section with each of its keys', async (t) => {
  const md = configTables();
  for (const type of connectorTypes.values()) {
    t.match(md, `#### \`${type.name}\``, type.name);
    for (const row of type.config.describe()) t.ok(md.includes(`| \`${row.key}\` |`), `${type.name}.${row.key}`);
  }
});

t.test('a README without the markers is refused', async (t) => {
  t.throws(() => withConfigTables('# nothing here'), /config-tables/);
});
