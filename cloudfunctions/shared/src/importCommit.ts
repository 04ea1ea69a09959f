/**
 * The import commit protocol of the CloudBase store. An import cannot be one transaction (a table is thousands of
 * documents), so:
 * 1. an import whose plan record exists already is finished (its documents flipped live) and not written again;
 * 2. a dead attempt's leftovers of the same table are removed (documents still not live, started more than
 *    STALE_IMPORT_MS ago: a function runs 60 s at most, so that attempt is over; a younger one may still be running
 *    and is left alone);
 * 3. the records are written unpublished: `live: false`, marked with the plan's id, fingerprint and start time;
 * 4. the plan record is written last, in a transaction guarded by a `plan:<fingerprint>` state document: the commit
 *    point. When another attempt of the same table committed first, ours is removed and theirs finished;
 * 5. the documents are flipped live. Readers only see `live` documents, so a half-written import is invisible.
 * A failure before the commit removes the attempt's documents; after the commit the next attempt finishes step 5.
 */
import type { Plan } from '../../../core/model';
import type { CloudDatabase, DocData } from './cloud';
import { C } from './collections';

/** An unfinished import older than this is dead (a cloud function runs at most 60 s). */
export const STALE_IMPORT_MS = 2 * 60_000;

/** The collections an import writes unpublished. */
const IMPORTED = [C.units, C.tasks, C.assignments, C.audit];

export interface ImportSteps {
  /** Refuses, before anything is written, an import that would break a unique key. */
  check(): Promise<void>;
  /** Writes the import's records (units, tasks, assignments, audit entry), each with `mark` spread in. */
  write(mark: DocData): Promise<void>;
}

export class ImportCommit {
  constructor(
    private readonly db: CloudDatabase,
    private readonly nowMs: () => number,
  ) {}

  /** Runs the protocol for `plan` (whose fingerprint names the table); `existing` is its committed plan, if any. */
  async run(plan: Plan, existing: Plan | null, steps: ImportSteps): Promise<{ planId: string; created: boolean }> {
    const fp = plan.fingerprint;
    if (existing) {
      await this.flipLive(existing.id); // finishes an import that stopped after its plan record
      return { planId: existing.id, created: false };
    }
    await this.removeStaleLeftovers(fp);
    await steps.check();
    try {
      await steps.write({ live: false, importFp: fp, importPlan: plan.id, importAt: this.nowMs() });
      const won = await this.commit(plan);
      if (won !== plan.id) {
        // another import of the same table committed first: ours is not needed
        await this.removeAttempt(plan.id);
        await this.flipLive(won);
        return { planId: won, created: false };
      }
    } catch (e) {
      await this.removeAttempt(plan.id).catch(() => undefined);
      throw e;
    }
    // committed: from here on a failure is finished by the next attempt (flipLive of the existing plan)
    await this.flipLive(plan.id);
    return { planId: plan.id, created: true };
  }

  /** The commit point: the plan record under its fingerprint guard. Returns the id of the plan that holds it. */
  private commit(p: Plan): Promise<string> {
    return this.db.runTransaction(async (tx) => {
      const guard = (await tx.collection(C.state).doc(`plan:${p.fingerprint}`).get()).data;
      if (guard) return guard.planId as string;
      await tx.collection(C.state).add({ data: { _id: `plan:${p.fingerprint}`, planId: p.id } });
      await tx.collection(C.plans).add({
        data: {
          _id: p.id,
          title: p.title,
          fingerprint: p.fingerprint,
          importedAt: p.importedAt,
          importedBy: p.importedBy,
        },
      });
      return p.id;
    });
  }

  /** Removes what a dead import of this table left behind. */
  private async removeStaleLeftovers(fingerprint: string): Promise<void> {
    const before = this.nowMs() - STALE_IMPORT_MS;
    for (const name of IMPORTED) {
      await this.db
        .collection(name)
        .where({ importFp: fingerprint, live: false, importAt: this.db.command.lt(before) })
        .remove();
    }
  }

  /** Removes this attempt's documents (it failed, or another import of the same table won). */
  private async removeAttempt(planId: string): Promise<void> {
    for (const name of IMPORTED) {
      await this.db.collection(name).where({ importPlan: planId, live: false }).remove();
    }
  }

  /** Makes an import's documents visible (after its plan record is written). */
  private async flipLive(planId: string): Promise<void> {
    for (const name of IMPORTED) {
      await this.db
        .collection(name)
        .where({ importPlan: planId, live: false })
        .update({ data: { live: true } });
    }
  }
}
