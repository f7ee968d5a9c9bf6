/**
 * Finds module files on disk. `use a::b::c;` looks for `a/b/c.tremor`, then `.trickle`, then
 * `.troy` in: the folder of the file that says `use`, the folder of the main file, each
 * `--path` folder, each `TREMOR_PATH` entry, and finally the bundled library (lib/).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModuleLoader } from './scope.js';
import { Source } from '../base/source.js';

const EXTENSIONS = ['.tremor', '.trickle', '.troy'];

/** the bundled Tremor library: lib/ next to src/ or dist/ */
export function bundledLibrary(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.resolve(here, '../lib'), path.resolve(here, '../../lib')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return path.resolve(here, '../../lib');
}

export interface FsLoaderOptions {
  /** the main file; its folder is searched first */
  main?: string;
  /** extra folders (`--path`) */
  paths?: string[];
  /** TREMOR_PATH, colon separated; defaults to the environment's */
  tremorPath?: string;
  /** include the bundled library (default true) */
  bundled?: boolean;
}

export class FsLoader implements ModuleLoader {
  private readonly dirs: string[];
  private readonly cache = new Map<string, Source>();

  constructor(opts: FsLoaderOptions = {}) {
    const env = opts.tremorPath ?? process.env.TREMOR_PATH ?? '';
    const dirs = [...(opts.main ? [path.dirname(opts.main)] : []), ...(opts.paths ?? []), ...env.split(':').filter((d) => d !== ''), ...(opts.bundled === false ? [] : [bundledLibrary()])];
    this.dirs = [...new Set(dirs.map((d) => path.resolve(d)))];
  }

  searchPath(from: Source): string[] {
    const own = this.ownDir(from);
    // the source's own folder is shown as a folder (`dir/`), as Tremor lists its mounts
    const rest = [...new Set(this.dirs)].filter((d) => d !== own).map((d) => display(d));
    return own ? [`${display(own)}/`, ...rest] : rest;
  }

  load(modPath: string[], from: Source): Source | null {
    const own = this.ownDir(from);
    for (const dir of own ? [own, ...this.dirs] : this.dirs) {
      for (const ext of EXTENSIONS) {
        const file = path.join(dir, ...modPath) + ext;
        const cached = this.cache.get(file);
        if (cached) return cached;
        if (fs.existsSync(file) && fs.statSync(file).isFile()) {
          const src = new Source(display(file), fs.readFileSync(file, 'utf8'));
          this.cache.set(file, src);
          return src;
        }
      }
    }
    return null;
  }

  private ownDir(from: Source): string | null {
    if (from.name.startsWith('<')) return null;
    return path.resolve(path.dirname(from.name));
  }
}

/** paths are shown relative to the working directory, as the user typed them */
function display(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}
