/**
 * The reminder pass's batches on CloudBase (issue 14): `claimMany` and `finishMany` of the ReminderStore port.
 * CloudBase transactions hold single documents only, so a batch cannot be one transaction as on SQLite; what it
 * can be is concurrent. Each claim stays its own transaction (the log record and the credit it spends), and claims
 * that cannot meet run CONCURRENCY at a time: claims that share a message key or a credit document
 * (`${userId}:${templateId}`) run one after another in the batch's order, so each gets the outcome `claim` would
 * give it in that order (the second of two claims on one key 'exists'; of two on one last credit, the second
 * 'no-credit'). Finishes that give back or zero a credit run one after another; the others concurrently.
 */
import type { ClaimOutcome, FinishOutcome, NewClaim } from '../../../core/ports/reminders';
import { creditId } from './reminders';

/** Requests in flight at once: enough to hide the round trips, few enough for the database's connection limits. */
export const BATCH_CONCURRENCY = 10;

/** Runs the jobs with at most `n` in flight (each starts when one ends), keeping their results in order. */
export async function inPool<T>(jobs: (() => Promise<T>)[], n = BATCH_CONCURRENCY): Promise<T[]> {
  const out = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, worker));
  return out;
}

export type ClaimItem = { claim: NewClaim; spendCredit: boolean };

/** Indexes of the items grouped so that items sharing a key or a spent credit are in one group, in order. */
export function claimGroups(items: ClaimItem[]): number[][] {
  const parent = items.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  const seen = new Map<string, number>();
  const join = (name: string, i: number) => {
    const j = seen.get(name);
    if (j === undefined) seen.set(name, i);
    else parent[root(i)] = root(j);
  };
  items.forEach(({ claim, spendCredit }, i) => {
    join(`key:${claim.message.key}`, i);
    if (spendCredit) join(`credit:${creditId(claim.userId, claim.message.templateId)}`, i);
  });
  const groups = new Map<number, number[]>();
  items.forEach((_, i) => {
    const r = root(i);
    groups.set(r, [...(groups.get(r) ?? []), i]);
  });
  return [...groups.values()];
}

/** `claimMany` over a store's single `claim`. */
export async function claimConcurrently(
  items: ClaimItem[],
  claim: (c: NewClaim, spendCredit: boolean) => Promise<ClaimOutcome>,
): Promise<ClaimOutcome[]> {
  const out = new Array<ClaimOutcome>(items.length);
  await inPool(
    claimGroups(items).map((group) => async () => {
      for (const i of group) out[i] = await claim(items[i].claim, items[i].spendCredit);
    }),
  );
  return out;
}

/** `finishMany` over a store's finish of one record (true when it gave a credit back). */
export async function finishConcurrently(
  items: { key: string; outcome: FinishOutcome }[],
  finish: (key: string, outcome: FinishOutcome) => Promise<boolean>,
): Promise<boolean> {
  const credit = (o: FinishOutcome) => o.zeroCredit === true || o.refundCredit === true;
  const plain = await inPool(items.filter((x) => !credit(x.outcome)).map((x) => () => finish(x.key, x.outcome)));
  let refunded = plain.some(Boolean);
  for (const x of items.filter((y) => credit(y.outcome))) if (await finish(x.key, x.outcome)) refunded = true;
  return refunded;
}
