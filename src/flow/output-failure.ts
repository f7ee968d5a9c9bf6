/**
 * What kind of failure an output's error is, for the process's exit (DECISIONS.md, Input and
 * output policy): a closed pipe (`EPIPE`, or `ECONNRESET` for a socket: the reader went away,
 * as with `| head`) ends the process quietly with status 0, as Unix tools do; any other system
 * error of a file or stream (`ENOSPC` on /dev/full, `EIO`, `EBADF` …) exits 3 with one line;
 * anything else is not an I/O failure.
 * The errno code is looked up on the error and its `cause` chain (a connector wraps the
 * stream's error in one that names it).
 */
export type FailureKind = 'closed' | 'io' | null;

export function outputFailure(e: unknown): FailureKind {
  const code = errnoCode(e);
  if (code === null) return null;
  return code === 'EPIPE' || code === 'ECONNRESET' ? 'closed' : 'io';
}

/** the errno code (`EPIPE`, `ENOSPC` …) of an error or of one of its causes */
export function errnoCode(e: unknown): string | null {
  for (let x = e, i = 0; x && typeof x === 'object' && i < 8; x = (x as { cause?: unknown }).cause, i++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return code;
  }
  return null;
}
