/**
 * Source text -> AST. The only module that imports Ohm: it matches a start rule of the
 * generated grammar bundle (query-lang/*.ohm) and turns the concrete syntax tree into the
 * AST of src/lang/ast.ts, attaching a span to every node. A failed match becomes a positioned
 * diagnostic (src/lang/syntaxerror.ts). The semantics are split by language: script
 * (parse-script.ts, parse-expr.ts), trickle (parse-trickle.ts), troy (parse-troy.ts).
 */
import grammars, { type TroyActionDict } from './generated/tremor.ohm-bundle.js';
import type * as A from './ast.js';
import type { Source } from '../base/source.js';
import { syntaxError } from './syntaxerror.js';
import { parseHelpers } from './parse-helpers.js';
import { scriptActions } from './parse-script.js';
import { exprActions } from './parse-expr.js';
import { trickleActions } from './parse-trickle.js';
import { troyActions } from './parse-troy.js';

const grammar = grammars.Troy;

export type StartRule = 'ScriptFile' | 'QueryFile' | 'DeployFile' | 'ModuleFile';

export function parseScript(src: Source): A.ScriptAst {
  return parse(src, 'ScriptFile') as A.ScriptAst;
}

export function parseQuery(src: Source): A.QueryAst {
  return parse(src, 'QueryFile') as A.QueryAst;
}

export function parseDeploy(src: Source): A.DeployAst {
  return parse(src, 'DeployFile') as A.DeployAst;
}

export function parseModule(src: Source): A.ModuleAst {
  return parse(src, 'ModuleFile') as A.ModuleAst;
}

export function parse(src: Source, start: StartRule): unknown {
  const m = grammar.match(src.text, start);
  if (m.failed()) throw syntaxError(src, m);
  const sem = grammar.createSemantics().addOperation<unknown>('ast', actions(src));
  return sem(m).ast();
}

/** the `ast` operation: one action dictionary, assembled from each language's part */
function actions(src: Source): TroyActionDict<unknown> {
  const h = parseHelpers(src);
  return { ...scriptActions(h), ...exprActions(h), ...trickleActions(h), ...troyActions(h) };
}
