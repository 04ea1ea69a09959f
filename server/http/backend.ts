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
}

export interface Backend {
  call(caller: HttpCaller, action: string, payload: unknown): Promise<unknown>;
  userByPrincipal(principal: string): Promise<User | null>;
}
