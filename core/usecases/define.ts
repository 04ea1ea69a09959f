/**
 * The shape of a use case: its action, its zod schema (accepting exactly the contract's input) and its handler.
 * The permission rule of each use case is its row of PERMISSIONS (permissions.ts), quoted beside it in its file.
 */
import { z } from 'zod';
import type { ActionInput, ActionName, ActionOutput } from '../api/contract';
import type { BoundContext, Context } from './runtime';

export interface UseCase<A extends ActionName = ActionName> {
  action: A;
  schema: z.ZodType<ActionInput<A>, z.ZodTypeDef, unknown>;
  /** false for the actions an unbound caller may call (previewInvite, bind). */
  needsUser: boolean;
  run(ctx: BoundContext | Context, input: ActionInput<A>): Promise<ActionOutput<A>>;
}

/** A use case for bound callers (every action but the binding ones). */
export function defineUseCase<A extends ActionName>(def: {
  action: A;
  schema: z.ZodType<ActionInput<A>, z.ZodTypeDef, unknown>;
  run(ctx: BoundContext, input: ActionInput<A>): Promise<ActionOutput<A>>;
}): UseCase<A> {
  return {
    action: def.action,
    schema: def.schema,
    needsUser: true,
    run: (ctx, input) => def.run(ctx as BoundContext, input),
  };
}

/** A use case an unbound caller may call. */
export function defineOpenUseCase<A extends ActionName>(def: {
  action: A;
  schema: z.ZodType<ActionInput<A>, z.ZodTypeDef, unknown>;
  run(ctx: Context, input: ActionInput<A>): Promise<ActionOutput<A>>;
}): UseCase<A> {
  return { action: def.action, schema: def.schema, needsUser: false, run: def.run };
}

/** The schema of an action without input: `{}` (unknown keys are ignored). */
export const noInput = z.object({}).transform(() => ({}) as Record<string, never>);
