/** Argument checks of the one-call library API: a wrong argument is a TypeError saying what was expected. */

export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'string') return `the string ${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x)}`;
  return typeof x === 'object' ? 'an object' : `${typeof x === 'undefined' ? 'undefined' : `a ${typeof x}`}`;
}

/** `text` must be a string (the program) */
export function textArg(fn: string, what: string, text: unknown): string {
  if (typeof text !== 'string') throw new TypeError(`${fn}: expected ${what} as a string, got ${describe(text)}`);
  return text;
}

/** `options` must be undefined or a plain object whose keys are among `known` */
export function optionsArg<T extends object>(fn: string, options: unknown, known: readonly string[]): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new TypeError(`${fn}: expected options as an object, got ${describe(options)}`);
  for (const k of Object.keys(options)) if (!known.includes(k)) throw new TypeError(`${fn}: unknown option ${JSON.stringify(k)}; expected one of ${known.join(', ')}`);
  return options as Partial<T>;
}
