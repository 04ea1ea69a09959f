/**
 * The test world (core/testing/world.ts) on the CloudBase adapters over the in-memory fake database, so core's
 * use-case tests can also run on the cloud store: `DUBAN_TEST_STORE=cloud npx jest core/usecases`. CI runs them on
 * SQLite (server/store/sqlite/worldSetup.ts). Known differences (3 of 340 tests): no onImportRow hook (the crash in
 * the middle of an import), and rows written at the same instant come back in another order (listInvites and
 * reviewQueue break ties differently from SQLite; the store contract does not fix that order yet).
 */
import type { Assignment, Task } from '../../../../core/model';
import type { StoreFactory } from '../../../../core/testing/world';
import { C } from '../collections';
import { CloudReminderStore } from '../reminders';
import { CloudStore } from '../store';
import { FakeCloud } from './fakeCloud';

type AssignmentData = (a: Assignment, t: Task, leadUnitIds: string[]) => Record<string, unknown>;

export function cloudStores(): StoreFactory<CloudStore> {
  return (options) => {
    if (options.onImportRow) throw new Error('the cloud test store has no onImportRow hook');
    const cloud = new FakeCloud();
    const db = cloud.db;
    const store = new CloudStore(cloud.database({ throwOnNotFound: false }), { log: () => undefined });
    const table = { plans: C.plans, tasks: C.tasks, assignments: C.assignments };
    return {
      store,
      reminders: new CloudReminderStore(store),
      // documents of an import that did not finish stay behind with live: false (the next attempt removes them)
      rows: (t) => [...(db.data.get(table[t])?.values() ?? [])].filter((d) => d.live !== false).length,
      async insertAssignment(a) {
        const task = await store.getTask(a.taskId);
        if (!task) throw new Error(`no task ${a.taskId}`);
        const others = await store.listAssignmentsOfTask(a.taskId);
        const leads = [...others, a].filter((x) => x.role === 'lead').map((x) => x.unitId);
        const data = (store as unknown as { assignmentData: AssignmentData }).assignmentData.call(
          store,
          a,
          task,
          leads,
        );
        await store.db.collection(C.assignments).add({ data: { _id: a.id, ...data, live: true } });
      },
      close: () => undefined,
    };
  };
}
