/**
 * A SQLite database holding the 2018 Changsha table with its assignments and one contact per unit, for the reminder
 * tests and the reminder benchmark. Written through the Store (importPlan, invites), the way the app writes.
 */
import type { Assignment, Settings, Task, User } from '../../../core/model';
import { DEFAULT_SETTINGS } from '../../../core/model';
import { createDirectoryIndex } from '../../../core/org/directory';
import { parsePlanText } from '../../../core/importer';
import { expandTask } from '../../../core/assign/expand';
import { consumeInvite } from '../../../core/usecases/inviteRules';
import { demoDirectory, seedTableText } from '../../../data';
import { openSqliteStore, type SqliteStore } from './index';
import { SqliteReminderStore } from './reminders';

/** Every message kind on its own template, with fields of several keyword types. */
export function reminderTemplates(): Settings['templates'] {
  const t = (id: string, status: 'status' | 'title' = 'status') => ({
    templateId: id,
    fields: [
      { key: 'thing1', value: 'task' },
      { key: 'date2', value: 'due' },
      { key: 'phrase3', value: status },
      { key: 'thing4', value: 'note' },
      { key: 'thing5', value: 'unit' },
    ],
  });
  return {
    due: t('TMPL-DUE'),
    overdue: t('TMPL-OVERDUE'),
    periodic: t('TMPL-PERIODIC', 'title'),
    returned: t('TMPL-REVIEW'),
    accepted: t('TMPL-REVIEW'),
    extension: t('TMPL-EXTENSION'),
    urge: t('TMPL-URGE'),
  };
}

export interface SeededDb {
  store: SqliteStore;
  reminders: SqliteReminderStore;
  tasks: Task[];
  assignments: Assignment[];
  /** One contact per unit that has assignments. */
  contacts: User[];
}

/** The seed table's tasks and their assignments (core/assign's expansion over the demo directory). */
export function seedPlanRecords(planId = 'plan-2018'): { tasks: Task[]; assignments: Assignment[] } {
  const dir = createDirectoryIndex(demoDirectory());
  const parsed = parsePlanText(seedTableText(), dir);
  const tasks: Task[] = [];
  const assignments: Assignment[] = [];
  for (const p of parsed.tasks) {
    const taskId = `t${String(p.seq).padStart(2, '0')}`;
    tasks.push({
      id: taskId,
      planId,
      seq: p.seq,
      stage: p.stage,
      content: p.content,
      deadline: p.deadline,
      leadNames: p.lead.map((r) => r.name),
      responsibleNames: p.responsible.map((r) => r.name),
    });
    for (const { unitId, role } of expandTask(p, dir)) {
      if (!unitId) continue;
      assignments.push({
        id: `${taskId}-${unitId}`,
        taskId,
        unitId,
        role,
        status: 'assigned',
        dueDate: p.deadline.due,
        originalDueDate: p.deadline.due,
        acknowledgedAt: null,
        closedAt: null,
        lastReportAt: null,
        percent: null,
      });
    }
  }
  return { tasks, assignments };
}

/** Opens a database at `path` with the demo directory, the seed table and a contact per unit. */
export async function openSeededDb(
  path: string,
  opts: { settings?: Partial<Settings>; at?: string } = {},
): Promise<SeededDb> {
  const at = opts.at ?? '2018-01-01T00:00:00.000Z';
  const store = openSqliteStore(path);
  const reminders = new SqliteReminderStore(store);
  const directory = demoDirectory();
  for (const u of directory.units) await store.saveUnit(u);
  for (const g of directory.groups) await store.saveGroup(g);
  const { tasks, assignments } = seedPlanRecords();
  await store.importPlan({
    plan: {
      id: 'plan-2018',
      title: '长沙市推进“最多跑一次”改革工作责任分解表',
      fingerprint: 'seed-2018',
      importedAt: at,
      importedBy: 'admin',
    },
    tasks,
    assignments,
    newUnits: [],
    audit: { id: 'audit-import', at, actorId: null, action: 'confirmImport', target: 'plan:plan-2018', detail: {} },
  });
  const contacts: User[] = [];
  for (const unitId of [...new Set(assignments.map((a) => a.unitId))].sort()) {
    const user: User = {
      id: `u-${unitId}`,
      principal: `openid-${unitId}`,
      unitId,
      role: 'contact',
      name: '联络员',
      createdAt: at,
    };
    const code = `CODE-${unitId}`;
    await store.createInvite({
      code,
      unitId,
      role: 'contact',
      createdBy: 'admin',
      createdAt: at,
      expiresAt: '2099-01-01T00:00:00.000Z',
      usedBy: null,
      usedAt: null,
      revokedAt: null,
    });
    const bound = await consumeInvite(store, code, at, user);
    if (bound.outcome !== 'ok' || !bound.user) throw new Error(`could not bind a contact of ${unitId}`);
    contacts.push(bound.user);
  }
  await store.saveSettings({ ...DEFAULT_SETTINGS, templates: reminderTemplates(), ...opts.settings });
  return { store, reminders, tasks, assignments, contacts };
}
