/**
 * std::win (reference §8.11): `cardinality()` is the number of live groups of the select
 * being evaluated, which the query runtime keeps in the evaluation context.
 */
import { fn, module, type EvalCtx, type StdModule } from './registry.js';

export const win: StdModule = module([fn('win::cardinality', (ctx: EvalCtx) => ctx.cardinality, { ctx: true })]);
