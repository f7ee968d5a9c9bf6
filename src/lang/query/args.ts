/**
 * `args` of definitions (reference §6.2): a definition declares its arguments with optional
 * defaults, a `create … with k = v end` supplies values. Both are constant expressions,
 * evaluated where they are written (with the enclosing pipeline's `args`), so the result is
 * a plain record that the lowerer substitutes for `args`.
 */
import type * as A from '../ast.js';
import { errorWithContext, fail, failWith } from '../../base/diagnostics.js';
import type { Compilation } from '../session.js';
import type { ModuleScope } from '../scope.js';
import type { Span } from '../../base/source.js';
import { hasKey, setKey, type Rec, type Value } from '../../runtime/value.js';

export interface ArgsSite {
  /** the definition: its declared args and where they were written */
  decls: A.ArgDecl[];
  defScope: ModuleScope;
  /** the args visible where the definition's defaults are evaluated */
  defArgs: Value;
  /** the creation: `with` values, where they were written, and the args visible there */
  with: A.WithItem[] | null;
  useScope: ModuleScope;
  useArgs: Value;
  /** for messages */
  what: string;
  name: string;
  span: Span;
  /** troy `deploy flow … with`: Tremor's shorter messages, pointing at the declaration */
  deploy?: boolean;
}

export function resolveArgs(program: Compilation, s: ArgsSite): Rec {
  const out: Rec = {};
  const declared = new Set(s.decls.map((d) => d.name));
  for (const w of s.with ?? []) {
    if (!declared.has(w.name)) {
      const available = [...declared].join(', ');
      if (s.deploy) fail('D005', `Unknown argument: ${w.name}`, w.nameSpan);
      // Tremor's `WithParamNoArg`: the parameter's name underlined, two lines shown either side
      failWith(
        errorWithContext(
          'D005',
          `\`with\` parameter "${w.name}" does not correspond to an argument in the target definition "${s.name}"`,
          w.nameSpan,
          available ? `Available args are: ${available}` : `The definition of "${s.name}" does not expose any args. Remove this \`with\`.`,
        ),
      );
    }
    setKey(out, w.name, program.constant(s.useScope, w.value, w.span, s.useArgs));
  }
  for (const d of s.decls) {
    if (hasKey(out, d.name)) continue;
    if (d.default === null) fail('D006', `Missing required argument: ${d.name}`, s.deploy ? d.span : s.span, undefined, s.deploy ? d.section : undefined);
    setKey(out, d.name, program.constant(s.defScope, d.default, d.span, s.defArgs));
  }
  return out;
}
