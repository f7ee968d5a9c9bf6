/**
 * `tremor-stream lsp [--stdio]`: the language server on stdin/stdout (src/lsp/server.ts).
 * It runs until the editor closes the connection.
 */
import { startLanguageServer } from '../../lsp/server.js';
import { STD_DOCS } from '../../std/docs/index.js';

export async function lsp(_argv: string[]): Promise<number> {
  // hover and completion show the std reference (`tremor-stream doc`): parameters and text
  const docs = new Map(STD_DOCS.flatMap((m) => m.functions.map((f) => [f.name, f] as const)));
  const connection = startLanguageServer((name) => docs.get(name));
  await new Promise<void>((resolve) => connection.onExit(() => resolve()));
  return 0;
}
