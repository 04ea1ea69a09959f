/**
 * The change counter of the CloudBase database: one `state/changes` document whose `n` counts every write that may
 * make a reminder due. `ReminderStore.changeStamp` reads it (a pass skips planning when nothing changed since the
 * last one); the CloudStore and the CloudReminderStore increment it. SQLite keeps the same counter with triggers
 * (server/store/sqlite/remindersSchema.ts).
 *
 * What counts: imports, a due date moved, an assignment back in the unit's hands (mayMakeDue), removed
 * assignments, binding, settings, credits added or refunded. Reports, claims, closings and spent credits only make
 * fewer messages due and leave it alone.
 */
import type { AssignmentStatus } from '../../../core/model';
import { REMINDED_STATUSES } from '../../../core/remind/planner';
import { isDuplicateKey, type CloudDatabase, type Doc, type DocData } from './cloud';
import { C } from './collections';

const CHANGES = 'changes';

export class ChangeCounter {
  constructor(private readonly db: CloudDatabase) {}

  /** Counts one change (creating the counter on first use; two first uses at once both count). */
  async touch(): Promise<void> {
    const state = this.db.collection(C.state);
    const inc = { data: { n: this.db.command.inc(1) } };
    const r = await state.doc(CHANGES).update(inc);
    if (r.stats.updated === 0) {
      try {
        await state.add({ data: { _id: CHANGES, n: 1 } });
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        await state.doc(CHANGES).update(inc);
      }
    }
  }

  /** How many changes were counted (0 before the first). */
  async count(): Promise<number> {
    const d = (await this.db.collection(C.state).doc(CHANGES).get()).data;
    return d ? Number(d.n) : 0;
  }
}

/**
 * Whether an assignment change may make a reminder due: its due date moved, or it came back into the unit's hands
 * (a reminded status again). A report, a claim or a closing only makes fewer due.
 */
export function mayMakeDue(before: Doc, change: DocData): boolean {
  if ('dueDate' in change && change.dueDate !== before.dueDate) return true;
  const reminded = (st: unknown) => REMINDED_STATUSES.includes(st as AssignmentStatus);
  return 'status' in change && reminded(change.status) && !reminded(before.status);
}
