/**
 * Reading JSON lines: a file or stdin, split on newlines, in chunks, so that large inputs
 * stream with bounded memory. Blank lines are skipped; each line keeps its 1-based number.
 */
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export async function* readLines(path: string | null): AsyncGenerator<{ text: string; line: number }[]> {
  const stream = path === null || path === '-' ? process.stdin : fs.createReadStream(path, { highWaterMark: 1 << 16 });
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let n = 0;
  for await (const chunk of stream) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    const parts = text.split('\n');
    rest = parts.pop()!;
    const batch: { text: string; line: number }[] = [];
    for (const p of parts) {
      n++;
      if (p.trim() !== '') batch.push({ text: p, line: n });
    }
    if (batch.length) yield batch;
  }
  rest += decoder.end();
  if (rest.trim() !== '') yield [{ text: rest, line: n + 1 }];
}
