/**
 * The abstract syntax tree of tremor-script, trickle and troy: what the user wrote, with a
 * span on every node and nothing resolved yet (names, modules and constants are resolved by
 * src/lang/lower.ts). Tagged unions throughout; `kind` is the tag.
 */
import type { Span } from '../base/source.js';
import type { Value } from '../runtime/value.js';

// ------------------------------------------------------------------------------ expressions

export type BinaryOp = 'or' | 'xor' | 'and' | '^' | '&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '<<' | '>>' | '>>>' | '+' | '-' | '*' | '/' | '%';
export type UnaryOp = '-' | '+' | 'not' | '!';
export type FoldOp = BinaryOp;

export type Expr = Literal | StringLit | RecordLit | ArrayLit | Binary | Unary | Presence | Path | Call | Recur | Match | For | Patch | Merge | BinaryLit | Let | Emit | Drop;

export interface Literal {
  kind: 'literal';
  value: Value;
  span: Span;
}

/** a string or heredoc; `parts` alternates literal text and interpolated expressions */
export interface StringLit {
  kind: 'string';
  parts: (string | Expr)[];
  span: Span;
}

export interface RecordLit {
  kind: 'record';
  fields: { key: StringLit; value: Expr; span: Span }[];
  span: Span;
}

export interface ArrayLit {
  kind: 'array';
  items: Expr[];
  span: Span;
}

export interface Binary {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  span: Span;
}

export interface Unary {
  kind: 'unary';
  op: UnaryOp;
  operand: Expr;
  span: Span;
}

export interface Presence {
  kind: 'presence';
  absent: boolean;
  path: Path;
  span: Span;
}

export type PathRoot =
  | { kind: 'event'; span: Span }
  | { kind: 'meta'; span: Span }
  | { kind: 'state'; span: Span }
  | { kind: 'args'; span: Span }
  | { kind: 'group'; span: Span }
  | { kind: 'window'; span: Span }
  /** `x` (local or const) or `mod::sub::NAME` (module const) */
  | { kind: 'name'; names: string[]; span: Span }
  | { kind: 'expr'; expr: Expr; span: Span };

export type Segment = { kind: 'key'; key: string; span: Span } | { kind: 'index'; index: Expr; span: Span } | { kind: 'range'; start: Expr; end: Expr; span: Span };

export interface Path {
  kind: 'path';
  root: PathRoot;
  segments: Segment[];
  span: Span;
}

export interface Call {
  kind: 'call';
  /** module path and function name, e.g. ["string", "len"] or ["f"] */
  names: string[];
  args: Expr[];
  span: Span;
}

export interface Recur {
  kind: 'recur';
  args: Expr[];
  span: Span;
}

export interface Match {
  kind: 'match';
  target: Expr;
  cases: MatchCase[];
  /** statement form (`;`-separated bodies that may assign, emit and drop) */
  mutable: boolean;
  span: Span;
}

export interface MatchCase {
  /** null for `default =>` (0.12) */
  pattern: Pattern | null;
  guard: Expr | null;
  body: Expr[];
  span: Span;
}

export type Pattern =
  | { kind: 'any'; span: Span }
  | { kind: 'assign'; name: string; pattern: Pattern; span: Span }
  | { kind: 'expr'; expr: Expr; span: Span }
  | { kind: 'extract'; extractor: Extractor; span: Span }
  | RecordPattern
  | ArrayPattern
  | TuplePattern;

export interface Extractor {
  name: string;
  rule: string;
  span: Span;
}

export interface RecordPattern {
  kind: 'record';
  fields: FieldPattern[];
  span: Span;
}

export type FieldPattern =
  | { kind: 'present'; key: string; span: Span }
  | { kind: 'absent'; key: string; span: Span }
  | { kind: 'cmp'; key: string; op: '==' | '!=' | '<' | '<=' | '>' | '>='; expr: Expr; span: Span }
  | { kind: 'extract'; key: string; alias: string | null; extractor: Extractor; span: Span }
  | { kind: 'nested'; key: string; pattern: RecordPattern | ArrayPattern | TuplePattern; span: Span };

export interface ArrayPattern {
  kind: 'array';
  elems: Pattern[];
  span: Span;
}

export interface TuplePattern {
  kind: 'tuple';
  elems: Pattern[];
  open: boolean;
  span: Span;
}

export interface For {
  kind: 'for';
  target: Expr;
  cases: ForCase[];
  into: Expr | null;
  op: { op: FoldOp; span: Span } | null;
  mutable: boolean;
  span: Span;
}

export interface ForCase {
  key: string;
  value: string;
  guard: Expr | null;
  body: Expr[];
  span: Span;
}

export interface Patch {
  kind: 'patch';
  target: Expr;
  ops: PatchOp[];
  span: Span;
}

export type PatchOp =
  | { kind: 'insert' | 'upsert' | 'update' | 'merge' | 'default'; key: StringLit | null; value: Expr; span: Span }
  | { kind: 'erase'; key: StringLit; span: Span }
  | { kind: 'copy' | 'move'; from: StringLit; to: StringLit; span: Span };

export interface Merge {
  kind: 'merge';
  target: Expr;
  spec: Expr;
  span: Span;
}

export interface BinaryLit {
  kind: 'binaryLit';
  parts: BinPart[];
  span: Span;
}

export interface BinPart {
  value: Expr;
  bits: { value: Value; span: Span } | null;
  type: { name: string; span: Span } | null;
  span: Span;
}

export interface Let {
  kind: 'let';
  target: Path;
  value: Expr;
  span: Span;
}

export interface Emit {
  kind: 'emit';
  value: Expr | null;
  port: StringLit | null;
  span: Span;
}

export interface Drop {
  kind: 'drop';
  span: Span;
}

// ------------------------------------------------------------------------------ statements shared by all files

export interface Use {
  kind: 'use';
  /** one import per module: path segments (e.g. ["std", "string"]) and the bound alias */
  imports: { path: string[]; alias: string; span: Span }[];
  span: Span;
}

export interface Const {
  kind: 'const';
  name: string;
  value: Expr;
  span: Span;
}

export interface FnDef {
  kind: 'fn';
  name: string;
  params: string[];
  variadic: boolean;
  /** `fn … with … end` */
  body: Expr[] | null;
  /** `fn … of case (…) => … end`: the last case is the catch-all */
  cases: FnCase[] | null;
  span: Span;
}

export interface FnCase {
  /** null for the catch-all `case _` / `default` */
  patterns: Pattern[] | null;
  guard: Expr | null;
  body: Expr[];
  span: Span;
}

export interface Intrinsic {
  kind: 'intrinsic';
  name: string;
  params: string[];
  variadic: boolean;
  target: string[];
  span: Span;
}

export type ScriptStmt = Use | Const | FnDef | Intrinsic | { kind: 'expr'; expr: Expr; span: Span };

export interface ScriptAst {
  kind: 'script';
  body: ScriptStmt[];
  span: Span;
}

// ------------------------------------------------------------------------------ trickle

export interface ArgDecl {
  name: string;
  default: Expr | null;
  span: Span;
  /** the whole `args …` section the declaration belongs to */
  section?: Span;
}

export interface WithItem {
  name: string;
  value: Expr;
  span: Span;
  /** the parameter's name alone */
  nameSpan: Span;
}

export interface ConfigDirective {
  name: string;
  value: Expr;
  span: Span;
}

export interface DefineWindow {
  kind: 'defineWindow';
  name: string;
  sliding: boolean;
  with: WithItem[];
  state: Expr | null;
  tickScript: { port: string; body: ScriptStmt[]; span: Span } | null;
  script: { body: ScriptStmt[]; span: Span } | null;
  span: Span;
}

export interface DefineOperator {
  kind: 'defineOperator';
  name: string;
  target: string[];
  args: ArgDecl[];
  with: WithItem[] | null;
  span: Span;
}

export interface DefineScript {
  kind: 'defineScript';
  name: string;
  args: ArgDecl[];
  state: Expr | null;
  ports: { port: string; portSpan: Span; body: ScriptStmt[]; span: Span }[];
  body: ScriptStmt[];
  bodySpan: Span;
  span: Span;
}

export interface DefinePipeline {
  kind: 'definePipeline';
  name: string;
  from: string[] | null;
  into: string[] | null;
  args: ArgDecl[];
  config: ConfigDirective[];
  body: QueryStmt[];
  span: Span;
}

export interface CreateStream {
  kind: 'createStream';
  name: string;
  span: Span;
}

export interface CreateNode {
  kind: 'createOperator' | 'createScript' | 'createPipeline';
  name: string;
  from: string[] | null;
  with: WithItem[] | null;
  span: Span;
}

export interface StreamRef {
  node: string;
  port: string | null;
  span: Span;
  /** the node's name alone */
  nodeSpan: Span;
}

export type GroupDef = { kind: 'expr'; expr: Expr; span: Span } | { kind: 'set'; items: GroupDef[]; span: Span } | { kind: 'each'; expr: Expr; span: Span };

export interface Select {
  kind: 'select';
  target: Expr;
  from: StreamRef;
  windows: { names: string[]; span: Span }[];
  where: Expr | null;
  groupBy: GroupDef | null;
  into: StreamRef;
  having: Expr | null;
  span: Span;
}

export type QueryStmt = Use | DefineWindow | DefineOperator | DefineScript | DefinePipeline | CreateStream | CreateNode | Select;

export interface QueryAst {
  kind: 'query';
  config: ConfigDirective[];
  body: QueryStmt[];
  span: Span;
}

// ------------------------------------------------------------------------------ troy

export interface DefineConnector {
  kind: 'defineConnector';
  name: string;
  connectorType: string;
  typeSpan: Span;
  args: ArgDecl[];
  with: WithItem[] | null;
  span: Span;
}

export interface DefineFlow {
  kind: 'defineFlow';
  name: string;
  args: ArgDecl[];
  body: FlowStmt[];
  span: Span;
}

export interface CreateInstance {
  kind: 'createConnector' | 'createPipeline';
  name: string;
  from: string[] | null;
  with: WithItem[] | null;
  span: Span;
}

export interface Endpoint {
  type: 'connector' | 'pipeline';
  name: string;
  nameSpan: Span;
  port: string | null;
  portSpan: Span | null;
  span: Span;
}

export interface Connect {
  kind: 'connect';
  from: Endpoint;
  to: Endpoint;
  span: Span;
}

export interface DeployFlow {
  kind: 'deployFlow';
  name: string;
  from: string[] | null;
  with: WithItem[] | null;
  span: Span;
}

export type FlowStmt = Use | DefineConnector | DefinePipeline | CreateInstance | Connect;

export interface DeployAst {
  kind: 'deploy';
  config: ConfigDirective[];
  body: (Use | DefineFlow | DeployFlow)[];
  span: Span;
}

export type ModuleStmt = Use | Const | FnDef | Intrinsic | DefineFlow | DefineConnector | DefineWindow | DefineOperator | DefineScript | DefinePipeline;

export interface ModuleAst {
  kind: 'module';
  body: ModuleStmt[];
  span: Span;
}
