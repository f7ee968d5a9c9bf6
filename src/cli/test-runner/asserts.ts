/**
 * assert.yaml, checked as Tremor's assert.rs does: `status` (the exit code; a signal or a
 * timeout fails it), then per assert on a `source` (stdout / stderr are the main process's
 * fg.out.log / fg.err.log, other sources are lower-cased and relative to the test's copy):
 * `contains` (each trimmed string is a substring of some line), `doesnt_contain`,
 * `equals_file` (exact text) and `equals_file_binary` (bytes; two xz streams that decompress
 * to the same bytes also pass when `xz` exists). Unknown keys are ignored, as in Tremor.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { asList, clip, isFile, isRecord, which } from './files.js';

export interface AssertResult {
  kind: string;
  source: string | null;
  ok: boolean;
  detail: string;
}

/** how the test's main process ended */
export interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  error: Error | null;
  timedOut: boolean;
}

const KNOWN = ['source', 'contains', 'doesnt_contain', 'equals_file', 'equals_file_binary'];
const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);

/** an assert's source as a file of the test's copy */
export function resolveSource(source: unknown): string {
  const low = String(source).toLowerCase(); // Tremor lower-cases the source
  if (low === 'stdout') return 'fg.out.log';
  if (low === 'stderr') return 'fg.err.log';
  return low;
}

/** the lines of a text as Rust's BufRead::lines() gives them */
export function fileLines(text: string): string[] {
  if (text === '') return [];
  const ls = text.split('\n');
  if (ls[ls.length - 1] === '') ls.pop();
  return ls.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function firstDifference(expected: string, got: string): string {
  const e = fileLines(expected);
  const g = fileLines(got);
  const show = (x: string | undefined) => (x === undefined ? '<end of file>' : JSON.stringify(clip(x, 160)));
  for (let k = 0; k < Math.max(e.length, g.length); k++) {
    if (e[k] !== g[k]) return `line ${k + 1}: expected ${show(e[k])}, got ${show(g[k])} (${e.length} vs ${g.length} lines)`;
  }
  if (expected.endsWith('\n') !== got.endsWith('\n')) return `only the final newline differs (expected ${expected.endsWith('\n') ? 'one' : 'none'})`;
  return 'line endings differ';
}

function xzDecompress(file: string): Buffer | null {
  const r = spawnSync('xz', ['-dc', file], { maxBuffer: 1 << 28 });
  return r.status === 0 ? r.stdout : null;
}

function statusResult(want: number, proc: Outcome, timeoutMs: number): AssertResult {
  const r = (ok: boolean, detail: string): AssertResult => ({ kind: 'status', source: null, ok, detail });
  if (proc.error) return r(false, `could not start: ${proc.error.message}`);
  if (proc.timedOut) return r(false, `timed out after ${timeoutMs} ms (process group killed); expected status ${want}`);
  if (proc.code === null) return r(false, `terminated by signal ${proc.signal}; expected status ${want}`);
  const ok = proc.code === want;
  return r(ok, ok ? `status ${proc.code}` : `status: expected ${want}, got ${proc.code}`);
}

function equalsBinary(dir: string, src: string, file: string, expectedName: string): AssertResult {
  const ef = path.resolve(dir, expectedName);
  if (!isFile(ef)) return { kind: 'equals_file_binary', source: src, ok: false, detail: `expected file ${expectedName} missing from the test` };
  const exp = fs.readFileSync(ef);
  const got = fs.readFileSync(file);
  let ok = exp.equals(got);
  let detail = ok ? `${src} equals ${expectedName} (bytes)` : `${src} differs from ${expectedName} (bytes, ${got.length} vs ${exp.length})`;
  if (!ok && exp.subarray(0, 6).equals(XZ_MAGIC) && got.subarray(0, 6).equals(XZ_MAGIC) && which('xz')) {
    const de = xzDecompress(ef);
    const dg = xzDecompress(file);
    if (de && dg && de.equals(dg)) {
      ok = true;
      detail = `${src} and ${expectedName} decompress to the same bytes (compressed bytes differ)`;
    } else detail += dg ? '; decompressed contents differ too' : '; not a valid xz stream';
  }
  return { kind: 'equals_file_binary', source: src, ok, detail };
}

/** checks assert.yaml (`spec`) against the test's copy `dir`; the status result comes first */
export function evaluate(dir: string, spec: Record<string, unknown>, proc: Outcome, timeoutMs: number): AssertResult[] {
  const results: AssertResult[] = [statusResult(Number(spec.status), proc, timeoutMs)];
  for (const as of asList(spec.asserts)) {
    if (!isRecord(as)) continue;
    const src = resolveSource(as.source ?? '');
    const unknown = Object.keys(as).filter((k) => !KNOWN.includes(k));
    if (unknown.length) results.push({ kind: 'ignored', source: src, ok: true, detail: `unknown key(s) ${unknown.join(', ')} ignored (as Tremor does)` });
    const has = (k: string) => as[k] !== undefined && as[k] !== null;
    if (!has('contains') && !has('doesnt_contain') && !has('equals_file') && !has('equals_file_binary')) {
      results.push({ kind: 'skipped', source: src, ok: true, detail: 'no check in this assert (Tremor skips it)' });
      continue;
    }
    const file = path.resolve(dir, src);
    if (!isFile(file)) {
      results.push({ kind: 'file', source: src, ok: false, detail: `${src}: not found (the implementation did not write it)` });
      continue;
    }
    const text = fs.readFileSync(file, 'utf8');
    const lines = fileLines(text);
    for (const c of asList(as.contains).map(String)) {
      const needle = c.trim();
      const ok = lines.some((l) => l.includes(needle));
      results.push({ kind: 'contains', source: src, ok, detail: `${src} ${ok ? 'contains' : 'does not contain'} ${JSON.stringify(clip(needle, 160))}` });
    }
    for (const c of asList(as.doesnt_contain).map(String)) {
      const needle = c.trim();
      const ok = !lines.some((l) => l.includes(needle));
      results.push({ kind: 'doesnt_contain', source: src, ok, detail: `${src} ${ok ? 'does not contain' : 'contains (unwanted)'} ${JSON.stringify(clip(needle, 160))}` });
    }
    if (has('equals_file')) {
      const name = String(as.equals_file);
      const ef = path.resolve(dir, name);
      if (!isFile(ef)) results.push({ kind: 'equals_file', source: src, ok: false, detail: `expected file ${name} missing from the test` });
      else {
        const exp = fs.readFileSync(ef, 'utf8');
        const ok = exp === text;
        results.push({ kind: 'equals_file', source: src, ok, detail: ok ? `${src} equals ${name}` : `${src} != ${name}: ${firstDifference(exp, text)}` });
      }
    }
    if (has('equals_file_binary')) results.push(equalsBinary(dir, src, file, String(as.equals_file_binary)));
  }
  return results;
}
