/**
 * The command line the tests run: this very CLI, `node bin/tremor-stream.js`, found from this
 * module (src/, dist/ or the bundle): the nearest folder above that holds package.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function selfCommand(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return [process.execPath, path.join(dir, 'bin', 'tremor-stream.js')];
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${here}: cannot find bin/tremor-stream.js`);
  }
}
