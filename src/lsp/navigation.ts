/**
 * Hover and go-to-definition. Hover on a std function (`string::len`, `std::string::len`)
 * shows its signature and documentation. Definition of a name that the document `define`s
 * (`every_second` in `create connector every_second` or `/connector/every_second`) goes to
 * its definition; of a `use`d module path (`integration`, `tremor::connectors`) to its file.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Hover, Location } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Source } from '../base/source.js';
import type { ModuleLoader } from '../lang/scope.js';
import { signature, type StdLookup } from './std-lookup.js';
import { pathAt } from './words.js';

export function hover(doc: TextDocument, offset: number, std: StdLookup, docOf: (fullName: string) => { params?: readonly string[]; doc?: string } | undefined): Hover | null {
  const at = pathAt(doc.getText(), offset);
  if (!at) return null;
  const r = std.fn(at.path);
  if (!r) return null;
  const d = docOf(r.full);
  const value = ['```tremor', signature(r.fn, d?.params), '```', ...(d?.doc ? ['', d.doc] : [])].join('\n');
  return { contents: { kind: 'markdown', value }, range: { start: doc.positionAt(at.start), end: doc.positionAt(at.end) } };
}

export function definition(doc: TextDocument, offset: number, loader: ModuleLoader): Location | null {
  const text = doc.getText();
  const at = pathAt(text, offset);
  if (!at) return null;
  if (at.path.length === 1) {
    const name = at.path[0];
    const re = new RegExp(`\\bdefine\\s+(?:connector|pipeline|script|operator|window|flow)\\s+(${name})\\b`, 'g');
    const m = re.exec(text);
    if (m) {
      const start = (m.index ?? 0) + m[0].length - name.length;
      return { uri: doc.uri, range: { start: doc.positionAt(start), end: doc.positionAt(start + name.length) } };
    }
  }
  // a module: the file `use` would load
  const file = doc.uri.startsWith('file:') ? fileURLToPath(doc.uri) : '<document>';
  for (let n = at.path.length; n > 0; n--) {
    const src = loader.load(at.path.slice(0, n), new Source(file, text));
    if (src) return { uri: pathToFileURL(path.resolve(src.name)).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  }
  return null;
}
