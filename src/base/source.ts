/**
 * Source texts and spans. A span is a pair of UTF-16 offsets into one source; line and column
 * are computed lazily (only diagnostics need them), as acorn does.
 */
export class Source {
  private lineStarts: number[] | null = null;

  constructor(
    /** the name shown to users: a path relative to the working directory, or `<query>` */
    readonly name: string,
    readonly text: string,
  ) {}

  /** 1-based line and 1-based column (in code points) of an offset */
  position(offset: number): { line: number; column: number } {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineText = this.text.slice(starts[lo], offset);
    return { line: lo + 1, column: codePointLength(lineText) + 1 };
  }

  /** the text of a 1-based line, without its line break */
  line(n: number): string {
    const starts = this.starts();
    if (n < 1 || n > starts.length) return '';
    const end = n < starts.length ? starts[n] - 1 : this.text.length;
    return this.text.slice(starts[n - 1], end).replace(/\r$/, '');
  }

  get lineCount(): number {
    return this.starts().length;
  }

  span(start: number, end: number): Span {
    return { src: this, start, end };
  }

  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    const t = this.text;
    for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 10) starts.push(i + 1);
    this.lineStarts = starts;
    return starts;
  }
}

export interface Span {
  readonly src: Source;
  readonly start: number;
  readonly end: number;
}

export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/** the UTF-16 index in `line` of a 1-based code-point column (the inverse of `position`) */
export function columnIndex(line: string, column: number): number {
  let i = 0;
  for (let c = 1; c < column && i < line.length; c++) i += line.codePointAt(i)! > 0xffff ? 2 : 1;
  return i;
}

/** the smallest span covering both */
export function cover(a: Span, b: Span): Span {
  return { src: a.src, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
