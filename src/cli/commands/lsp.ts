/**
 * `tremor-stream lsp [--stdio]`: the language server on stdin/stdout (src/lsp/server.ts).
 * It runs until the editor closes the connection.
 */
import { startLanguageServer } from '../../lsp/server.js';

export async function lsp(_argv: string[]): Promise<number> {
  const connection = startLanguageServer();
  await new Promise<void>((resolve) => connection.onExit(() => resolve()));
  return 0;
}
