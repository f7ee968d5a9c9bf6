/**
 * The language server (issue #18) through its protocol: a client speaking JSON-RPC over the
 * server's stdio, as an editor does. Diagnostics for the doc-typo app at the spans `check`
 * gives, completion after `std::string::`, hover on `string::len`, definition of
 * `every_second`. Waits are for the server's messages, never for time.
 */
import t, { type Test } from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { root } from '../root.js';
import { until } from '../until.js';

interface Message {
  id?: number;
  method?: string;
  params?: any;
  result?: any;
  error?: any;
}

function client(t: Test) {
  const p = spawn(process.execPath, [path.join(root, 'bin/tremor-stream.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let buf = Buffer.alloc(0);
  const got: Message[] = [];
  p.stdout.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const head = buf.indexOf('\r\n\r\n');
      if (head < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, head).toString())?.[1]);
      if (buf.length < head + 4 + len) return;
      got.push(JSON.parse(buf.subarray(head + 4, head + 4 + len).toString('utf8')));
      buf = buf.subarray(head + 4 + len);
    }
  });
  let stderr = '';
  p.stderr.on('data', (d) => (stderr += d));
  t.teardown(() => void p.kill());
  let nextId = 1;
  const send = (m: Message) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...m });
    p.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const request = async (method: string, params: unknown) => {
    const id = nextId++;
    send({ id, method, params });
    await until(t, `the answer to ${method}`, () => got.some((m) => m.id === id) || p.exitCode !== null);
    const m = got.find((x) => x.id === id);
    if (!m) throw new Error(`the server ended: ${stderr}`);
    return m.result;
  };
  const notify = (method: string, params: unknown) => send({ method, params });
  return { request, notify, got };
}

const app = path.join(root, 'fixtures/apps/metronome-doc-typo/main.troy');
const appUri = pathToFileURL(app).href;

t.test('diagnostics, completion, hover and definition over JSON-RPC', async (t) => {
  const c = client(t);
  const init = await c.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  t.ok(init.capabilities.completionProvider && init.capabilities.hoverProvider && init.capabilities.definitionProvider, 'it says what it can do');
  c.notify('initialized', {});
  c.notify('textDocument/didOpen', { textDocument: { uri: appUri, languageId: 'troy', version: 1, text: fs.readFileSync(app, 'utf8') } });
  await until(t, 'the diagnostics of the app', () => c.got.some((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === appUri));
  const diags = c.got.find((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === appUri)!.params.diagnostics;
  t.same(
    diags.map((d: any) => [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.severity]),
    [
      [25, 2, 25, 28, 1],
      [30, 21, 30, 33, 1],
      [31, 21, 31, 33, 1],
    ],
    'the three errors at the spans check gives (0-based lines)',
  );
  t.match(diags[0].message, /Artefact `metronome` is not defined or not found, the following are defined: every_second\ndid you mean every_second\?/);

  const modUri = 'untitled:scratch.tremor';
  c.notify('textDocument/didOpen', { textDocument: { uri: modUri, languageId: 'tremor', version: 1, text: 'std::string::' } });
  const items = await c.request('textDocument/completion', { textDocument: { uri: modUri }, position: { line: 0, character: 13 } });
  const labels = (Array.isArray(items) ? items : items.items).map((i: any) => i.label);
  for (const name of ['len', 'format', 'split', 'trim']) t.ok(labels.includes(name), `completion offers string::${name}`);
  const len = (Array.isArray(items) ? items : items.items).find((i: any) => i.label === 'len');
  t.equal(len.detail, 'string::len(s)', 'with the documented parameters');
  t.match(len.documentation, /\w+/, 'and the documentation');

  const hoverUri = 'untitled:hover.tremor';
  c.notify('textDocument/didOpen', { textDocument: { uri: hoverUri, languageId: 'tremor', version: 1, text: 'use std::string;\nstring::len("abc")' } });
  const h = await c.request('textDocument/hover', { textDocument: { uri: hoverUri }, position: { line: 1, character: 9 } });
  t.match(h.contents.value, /^```tremor\nstring::len\(s\)\n```\n\n\S/, 'hover shows the signature and the documentation');

  const def = await c.request('textDocument/definition', { textDocument: { uri: appUri }, position: { line: 30, character: 25 } });
  t.same([def.uri, def.range.start], [appUri, { line: 6, character: 19 }], 'every_second goes to its define');
  const useDef = await c.request('textDocument/definition', { textDocument: { uri: appUri }, position: { line: 3, character: 8 } });
  t.match(useDef.uri, /lib\/integration\.tremor$/, '`use integration` goes to the module file');

  const cfgUri = 'untitled:cfg.troy';
  const cfgText = 'define flow f\nflow\n  define connector m from metronome\n  with\n    config = {"';
  c.notify('textDocument/didOpen', { textDocument: { uri: cfgUri, languageId: 'troy', version: 1, text: cfgText } });
  const keys = await c.request('textDocument/completion', { textDocument: { uri: cfgUri }, position: { line: 4, character: 15 } });
  t.ok(
    (Array.isArray(keys) ? keys : keys.items).some((i: any) => i.label === 'interval'),
    "a connector type's configuration keys",
  );
  const typesText = 'define flow f\nflow\n  define connector m from ';
  c.notify('textDocument/didOpen', { textDocument: { uri: 'untitled:types.troy', languageId: 'troy', version: 1, text: typesText } });
  const types = await c.request('textDocument/completion', { textDocument: { uri: 'untitled:types.troy' }, position: { line: 2, character: 26 } });
  t.ok(
    (Array.isArray(types) ? types : types.items).some((i: any) => i.label === 'metronome'),
    'connector types after `from`',
  );
  await c.request('shutdown', null);
  c.notify('exit', null);
});

t.test('the TextMate grammar: valid, with every keyword of the language', async (t) => {
  const g = JSON.parse(fs.readFileSync(path.join(root, 'editors/tremor.tmLanguage.json'), 'utf8'));
  t.equal(g.scopeName, 'source.tremor');
  t.same(g.fileTypes, ['tremor', 'trickle', 'troy']);
  const ohm = fs.readFileSync(path.join(root, 'query-lang/script.ohm'), 'utf8');
  const keywords = [...(/keyword = \(([\s\S]*?)\) ~identPart/.exec(ohm)?.[1] ?? '').matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
  t.ok(keywords.length > 50, `${keywords.length} keywords in the grammar`);
  const kw = new RegExp(g.repository.keyword.match);
  t.same(
    keywords.filter((k) => !kw.test(k)),
    [],
    'each is highlighted',
  );
  for (const [name, rule] of Object.entries<any>(g.repository)) for (const re of [rule.match, rule.begin, rule.end].filter(Boolean)) t.doesNotThrow(() => new RegExp(re), `${name}: ${re}`);
});
