/**
 * Compression libraries are loaded on first use, never at import: `tremor-stream query` and
 * deployments that compress nothing must not pay for native addons and WebAssembly (a
 * lazy `require` also keeps them out of the command line's bundle). `require` caches what it
 * loads, so calling `lib()` per chunk costs a map lookup.
 */
import { createRequire } from 'node:module';

const requireLib = createRequire(import.meta.url);

/** the CommonJS package `name`, typed as the caller describes it */
export function lib<T>(name: string): T {
  return requireLib(name) as T;
}

/** the absolute path of a file inside a package */
export function libPath(spec: string): string {
  return requireLib.resolve(spec);
}
