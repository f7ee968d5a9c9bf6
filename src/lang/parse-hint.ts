/**
 * The hint under "Found the token `x` but expected …", as Tremor chooses it
 * (`ErrorKind::UnrecognizedToken` in tremor-script errors.rs), first rule that applies:
 *
 * 1. `default` or `case` found: a stray `;` before it;
 * 2. a keyword where an identifier may stand: quote it with back ticks;
 * 3. `-` where `(` may stand: wrap the expression in parentheses;
 * 4. a double-quoted string where only an identifier may stand: use back ticks;
 * 5. otherwise the expected token nearest to the one found (Damerau-Levenshtein distance at
 *    most 3, ties to the smaller text): "Did you mean to use `x`?", or "… a string?" when
 *    that is a quote.
 *
 * `expected` holds the tokens as printed, each in back ticks.
 */

/** the words Tremor's lexer makes keywords (and the keyword literals), never identifiers */
const KEYWORDS: ReadonlySet<string> = new Set(
  (
    'intrinsic mod const let match end fn null case of when default patch insert upsert update erase move copy merge for ' +
    'event state present absent true false and or xor not drop emit select from where with order group by having into create ' +
    'tumbling sliding window stream operator script set each define args use as recur pipeline connector connect flow to deploy'
  ).split(' '),
);

export function unexpectedTokenHint(found: string, expected: readonly string[]): string | undefined {
  if (found === 'default' || found === 'case') return 'You might have a trailing `;` in the prior statement';
  if (KEYWORDS.has(found) && expected.includes('`<ident>`')) {
    return `It looks like you tried to use '${found}' as an ident, consider quoting it as \`${found}\` to make it an identifier.`;
  }
  if (found === '-' && expected.includes('`(`')) return 'Try wrapping this expression in parentheses `(` ... `)`';
  if (found.startsWith('"') && expected.includes('`<ident>`') && !expected.includes('`"`')) {
    return 'Did you mean to quote an ident? If so use ` (a back tick) not " (a quote).';
  }
  const best = nearest(found, expected, 3);
  if (best === undefined) return undefined;
  return best === '`"`' || best === '`"""`' ? 'Did you mean to use a string?' : `Did you mean to use ${best}?`;
}

/** the option nearest to `given` within `max` edits; ties go to the smaller string */
function nearest(given: string, options: readonly string[], max: number): string | undefined {
  let best: [number, string] | undefined;
  for (const o of options) {
    const d = damerauLevenshtein(given, o);
    if (d > max) continue;
    if (!best || d < best[0] || (d === best[0] && o < best[1])) best = [d, o];
  }
  return best?.[1];
}

/** edit distance counting insertions, deletions, substitutions and adjacent transpositions */
export function damerauLevenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}
