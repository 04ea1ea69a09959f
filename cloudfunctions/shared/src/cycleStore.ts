/**
 * The CloudBase side of the reporting cycle and leaders' instructions (定期报送, 领导批示), used by CloudStore
 * (store.ts): an instruction is one document under its id in `duban_instructions`; the first report per assignment
 * in a window is read from the reports of those assignments in it (100 assignments at most per call).
 */
import type { Instant, Instruction } from '../../../core/model';
import { clampPage, MAX_PAGE, type PageRequest, type Paged } from '../../../core/ports/store';
import type { CloudDatabase, Doc } from './cloud';
import { C } from './collections';
import { getAll, sn } from './db';

function toInstruction(d: Doc): Instruction {
  return {
    id: d._id,
    taskId: String(d.taskId),
    assignmentId: sn(d.assignmentId),
    text: String(d.text),
    leaderName: String(d.leaderName),
    authorId: String(d.authorId),
    createdAt: String(d.createdAt),
  };
}

export class CloudCycleStore {
  constructor(private readonly db: CloudDatabase) {}

  async firstReportsBetween(
    assignmentIds: string[],
    from: Instant,
    to: Instant,
  ): Promise<{ assignmentId: string; at: Instant }[]> {
    const ids = [...new Set(assignmentIds)].slice(0, MAX_PAGE);
    if (ids.length === 0) return [];
    const _ = this.db.command;
    const docs = await getAll(
      this.db
        .collection(C.reports)
        .where({ assignmentId: _.in(ids), createdAt: _.and([_.gte(from), _.lt(to)]) })
        .field({ assignmentId: true, createdAt: true })
        .orderBy('createdAt', 'asc')
        .orderBy('_id', 'asc'),
    );
    const first = new Map<string, Instant>();
    for (const d of docs) {
      const id = String(d.assignmentId);
      if (!first.has(id)) first.set(id, String(d.createdAt));
    }
    return [...first].map(([assignmentId, at]) => ({ assignmentId, at }));
  }

  async addInstruction(i: Instruction): Promise<void> {
    const { id, ...rest } = i;
    await this.db.collection(C.instructions).add({ data: { _id: id, ...rest } });
  }

  async getInstruction(id: string): Promise<Instruction | null> {
    const d = (await this.db.collection(C.instructions).doc(id).get()).data;
    return d ? toInstruction(d) : null;
  }

  async listInstructionsOfTask(taskId: string): Promise<Instruction[]> {
    return (
      await getAll(
        this.db.collection(C.instructions).where({ taskId }).orderBy('createdAt', 'desc').orderBy('_id', 'desc'),
      )
    ).map(toInstruction);
  }

  async listInstructions(p: PageRequest): Promise<Paged<Instruction>> {
    const { offset, limit } = clampPage(p);
    const q = this.db.collection(C.instructions).where({});
    const total = (await q.count()).total;
    if (limit === 0 || offset >= total) return { items: [], total };
    const docs = (await q.orderBy('createdAt', 'desc').orderBy('_id', 'desc').skip(offset).limit(limit).get()).data;
    return { items: docs.map(toInstruction), total };
  }
}
