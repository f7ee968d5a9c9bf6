/**
 * Does a tree (AST or IR: plain objects and arrays) contain a node that `match`es? Keys in
 * `skip` are not descended into: spans, and IR fields that hold runtime values.
 */
export function containsNode(tree: unknown, match: (o: Record<string, unknown>) => boolean, skip: ReadonlySet<string>): boolean {
  let found = false;
  const visit = (x: unknown): void => {
    if (found || x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(visit);
    const o = x as Record<string, unknown>;
    if (match(o)) {
      found = true;
      return;
    }
    for (const k in o) if (!skip.has(k)) visit(o[k]);
  };
  visit(tree);
  return found;
}
