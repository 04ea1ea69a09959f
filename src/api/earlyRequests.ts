/**
 * What index.html leaves for the app when it sent a returning official's first requests itself
 * (config/earlyRequests.ts writes the script): under `window.__dubanEarly`, the token it used and, per action, the
 * JSON body and the pending `fetch`. `takeEarly` (transport.ts) hands each answer out once, only for the same
 * token and body.
 */
export const EARLY_GLOBAL = '__dubanEarly';

export interface EarlyRequests {
  token: string;
  sent: Record<string, { body: string; response: Promise<Response> } | undefined>;
}
