/**
 * The text of a thrown value: its message when it is an Error, else the value itself. Every
 * "cannot … : <reason>" message is built with it, so a thrown string reads like an Error.
 */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
