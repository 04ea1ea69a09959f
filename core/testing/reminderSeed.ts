/**
 * The 2018 Changsha table with its assignments and one contact per unit, written through the Store port the way the
 * app writes it (importPlan, invites): the world of the ReminderStore contract, the runtimes' reminder tests and the
 * reminder benchmark, whichever store holds it.
 */
import { newAssignment } from '../assign/lifecycle';
import type { Assignment, Settings, Task, User } from '../model';
import { DEFAULT_SETTINGS } from '../model';
import { createDirectoryIndex } from '../org/directory';
import { parsePlanText } from '../importer';
import { expandTask } from '../assign/expand';
import { consumeInvite } from '../usecases/inviteRules';
import { demoDirectory, seedTableText } from '../../data';
import type { Store } from '../ports/store';

import { reminderTemplates } from './templates';

export { reminderTemplates };

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
      assignments.push(newAssignment({ id: `${taskId}-${unitId}`, taskId, unitId, role, dueDate: p.deadline.due }));
    }
  }
  return { tasks, assignments };
}

export interface SeededRecords {
  tasks: Task[];
  assignments: Assignment[];
  /** One contact per unit that has assignments (`u-<unitId>`, principal `openid-<unitId>`), by unit id. */
  contacts: User[];
}

/** Writes the demo directory, the seed table, a contact per unit and the templates into an empty store. */
export async function seedReminderWorld(
  store: Store,
  opts: { settings?: Partial<Settings>; at?: string } = {},
): Promise<SeededRecords> {
  const at = opts.at ?? '2018-01-01T00:00:00.000Z';
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
    contacts.push(await bindContact(store, unitId, at));
  }
  await store.saveSettings({ ...DEFAULT_SETTINGS, templates: reminderTemplates(), ...opts.settings });
  return { tasks, assignments, contacts };
}

/** Binds a contact `u-<unitId>` (WeChat principal `openid-<unitId>`) to a unit through an invite, as the app does. */
export async function bindContact(store: Store, unitId: string, at: string): Promise<User> {
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
  if (bound.outcome !== 'ok') throw new Error(`could not bind a contact of ${unitId}`);
  return bound.user;
}
