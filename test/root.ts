/**
 * The repository's root folder, found from this file whether the tests run from test/ or
 * compiled into build/test/: the nearest folder above that holds package.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('no package.json above the tests');
  }
}

export const root = findRoot();
