/**
 * What the HTTP layer needs from the rest of the server: run an action for a caller, and find the user
 * behind a principal. The runtime (server/runtime.ts) provides it over the use cases' `dispatch`.
 */
import type { User } from '../../core/model';

export interface HttpCaller {
  principal: string | null;
  /** What repeated wrong invite codes are counted against: the IP for unbound callers. */
  throttleKey: string;
  user: User | null;
  /** When no user is bound because an admin removed them (Store.whenRemoved): the refusal says so. */
  removedAt?: string | null;
}

export interface Backend {
  call(caller: HttpCaller, action: string, payload: unknown): Promise<unknown>;
  userByPrincipal(principal: string): Promise<User | null>;
  /** When the user behind `principal` was removed by an admin, or null (asked only when no user is bound). */
  whenRemoved(principal: string): Promise<string | null>;
}
