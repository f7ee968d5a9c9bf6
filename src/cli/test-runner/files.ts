/**
 * File-system helpers of the test runner: kinds of paths, commands on PATH, recursive listings,
 * the tail of a log file, and reading the YAML files of a test folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYamlText } from 'yaml';

export function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** the absolute path of an executable `cmd` found on PATH (or `cmd` itself with a '/'), else null */
export function which(cmd: string, pathVar = process.env.PATH ?? ''): string | null {
  if (cmd.includes('/')) return isFile(cmd) ? path.resolve(cmd) : null;
  for (const d of pathVar.split(path.delimiter)) {
    if (!d) continue;
    const p = path.join(d, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (isFile(p)) return p;
    } catch {
      // not here
    }
  }
  return null;
}

/** every regular file below `dir`, recursively */
export function walkFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walkFiles(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** the last `n` non-empty lines of a file (none when it cannot be read) */
export function tailLines(file: string, n: number): string[] {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l)
      .slice(-n);
  } catch {
    return [];
  }
}

/** at most `n` characters of `s`, with an ellipsis when cut */
export function clip(s: unknown, n = 200): string {
  const t = String(s);
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

/** a YAML value that may be one item or a list, as a list */
export function asList(v: unknown): unknown[] {
  return v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** a plain object (a YAML mapping) */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses a test's YAML file. Tremor reads them with serde_yaml, which also accepts tabs in
 * indentation (kv's before.yaml indents a flow mapping with tabs); strict YAML does not, so a
 * file that fails is read again with its leading tabs expanded.
 */
export function readYaml(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return parseYamlText(text);
  } catch (e) {
    const expanded = text.replace(/^[ \t]+/gm, (m) => m.replace(/\t/g, '    '));
    if (expanded === text) throw e;
    return parseYamlText(expanded);
  }
}
