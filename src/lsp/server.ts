/**
 * `tremor-stream lsp`: a language server (Microsoft's `vscode-languageserver`, JSON-RPC over
 * stdio) for `.tremor`, `.trickle` and `.troy` files: diagnostics as `check` gives them
 * (re-checked on every change), completion (completion.ts), hover on std functions and
 * go-to-definition of defined names and used modules (navigation.ts). Modules are searched in
 * the document's folder, TREMOR_PATH and the bundled library, as `check` searches them.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Connection, TextDocuments as Documents } from 'vscode-languageserver';
import type { TextDocument as Doc } from 'vscode-languageserver-textdocument';
import { FsLoader } from '../lang/fsloader.js';
import { completions } from './completion.js';
import { documentDiagnostics } from './diagnostics.js';
import { definition, hover } from './navigation.js';
import { StdLookup } from './std-lookup.js';

/** what the editor is told about a std function (by full path, `std::string::len`) beyond its arity */
export type FnDoc = (fullName: string) => { params?: readonly string[]; doc?: string } | undefined;

export function startLanguageServer(fnDoc: FnDoc = () => undefined): Connection {
  // the packages are CommonJS: loaded through require
  const require = createRequire(import.meta.url);
  const lsp = require('vscode-languageserver/node.js') as typeof import('vscode-languageserver/node.js');
  const { TextDocument } = require('vscode-languageserver-textdocument') as typeof import('vscode-languageserver-textdocument');
  const connection = lsp.createConnection(lsp.ProposedFeatures.all, process.stdin, process.stdout);
  const documents: Documents<Doc> = new lsp.TextDocuments(TextDocument);
  const std = new StdLookup();
  const fileOf = (uri: string) => (uri.startsWith('file:') ? fileURLToPath(uri) : uri);
  const loaderFor = (uri: string) => new FsLoader({ main: uri.startsWith('file:') ? fileOf(uri) : undefined });

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: lsp.TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', ' ', '"'] },
      hoverProvider: true,
      definitionProvider: true,
    },
    serverInfo: { name: 'tremor-stream', version: '0.1.0' },
  }));
  const validate = (doc: Doc) => {
    const diagnostics = documentDiagnostics(doc, fileOf(doc.uri), loaderFor(doc.uri));
    void connection.sendDiagnostics({ uri: doc.uri, diagnostics });
  };
  documents.onDidChangeContent((e) => validate(e.document));
  documents.onDidClose((e) => void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
  connection.onCompletion((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? completions(doc.getText(), doc.offsetAt(p.position), std, fnDoc) : [];
  });
  connection.onHover((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? hover(doc, doc.offsetAt(p.position), std, fnDoc) : null;
  });
  connection.onDefinition((p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? definition(doc, doc.offsetAt(p.position), loaderFor(doc.uri)) : null;
  });
  documents.listen(connection);
  connection.listen();
  return connection;
}
