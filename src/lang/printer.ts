/**
 * A small printer for generated JavaScript: statements go into nested blocks, blocks print
 * with indentation. Keeping the output readable matters: `tremor-stream explain` shows it.
 */
export type Block = (string | Nested)[];
export interface Nested {
  head: string;
  body: Block;
  tail: string;
}

export class Printer {
  private stack: Block[] = [[]];
  private counters = new Map<string, number>();

  /** how deeply the current block is nested */
  get depth(): number {
    return this.stack.length;
  }

  get block(): Block {
    return this.stack[this.stack.length - 1];
  }

  line(s: string): void {
    this.block.push(s);
  }

  /** a fresh name with the given one-letter prefix (t temps, L labels, k constants) */
  fresh(prefix: string): string {
    const n = this.counters.get(prefix) ?? 0;
    this.counters.set(prefix, n + 1);
    return `${prefix}${n}`;
  }

  /** `head { …body… } tail`: the body is whatever `fill` emits */
  nest(head: string, fill: () => void, tail = '}'): void {
    const body = this.capture(fill);
    this.block.push({ head: `${head} {`, body, tail });
  }

  /** captures what `fill` emits without placing it (for code emitted conditionally) */
  capture(fill: () => void): Block {
    const body: Block = [];
    this.stack.push(body);
    try {
      fill();
    } finally {
      this.stack.pop();
    }
    return body;
  }

  splice(b: Block): void {
    this.block.push(...b);
  }

  static print(b: Block, indent = ''): string {
    let out = '';
    for (const x of b) {
      if (typeof x === 'string') out += `${indent}${x}\n`;
      else out += `${indent}${x.head}\n${Printer.print(x.body, indent + '  ')}${indent}${x.tail}\n`;
    }
    return out;
  }

  toString(): string {
    return Printer.print(this.stack[0]);
  }
}
