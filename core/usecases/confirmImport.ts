/**
 * confirmImport: writes a previewed table as a plan, its tasks and one assignment per unit, in ONE transaction
 * (a failure half-way leaves nothing). Units the directory did not know are mapped to existing units
 * (`unitMappings`: name → unit id) or created as new units (`createUnknown`); an unknown unit left unresolved is
 * refused, never dropped. A mapped name is remembered as an alias of the unit it was mapped to, so the next table
 * that spells it so resolves by itself. Importing the same table twice writes nothing the second time
 * (`duplicate: true`). Tasks excluded in the preview are not imported; edits made there are (editPreview).
 * With `asRevision` the table is applied to the plan the preview found it revises (planRevision.ts): tasks found
 * again keep their assignments and history, dropped units' assignments are withdrawn (kept), new ones created.
 * Permission: admin only (PERMISSIONS.confirmImport).
 */
import { newAssignment } from '../assign/lifecycle';
import { z } from 'zod';
import { badInput, notFound } from '../errors';
import type { Assignment, Task, Unit } from '../model';
import { expandTask } from '../assign/expand';
import { createDirectoryIndex } from '../org/directory';
import { defineUseCase } from './define';
import { findRevision, planRevision, taskOf } from './planRevision';
import { includedPlan, marksOf } from './importPreview';
import type { BoundContext } from './runtime';

export const confirmImport = defineUseCase({
  action: 'confirmImport',
  schema: z.object({
    previewId: z.string().min(1).max(100),
    unitMappings: z.record(z.string().min(1).max(100), z.string().min(1).max(100)).optional(),
    createUnknown: z.boolean().optional(),
    asRevision: z.boolean().optional(),
  }),
  async run(ctx, input) {
    const { store, ids } = ctx.rt;
    const stored = await store.getPreview(input.previewId);
    if (!stored) throw notFound('这次导入的预览', { previewId: input.previewId }, '请重新选择文件导入');
    const existing = await store.findPlanByFingerprint(stored.fingerprint);
    if (existing) return { planId: existing.id, tasks: 0, assignments: 0, duplicate: true };
    const parsed = includedPlan(stored.parsed, marksOf(stored.preview).excluded);

    const directory = await store.getDirectory();
    const dir = createDirectoryIndex(directory, { level: ctx.user.unitId });
    const mappings = input.unitMappings ?? {};
    const newUnits = new Map<string, Unit>();
    const unresolved = new Set<string>();
    const resolveUnknown = (name: string): string | null => {
      const mapped = mappings[name];
      if (mapped !== undefined) {
        if (!dir.unitById(mapped)) {
          throw badInput(`「单位对应关系」中“${name}”对应的单位不存在，请重新选择。`, { name });
        }
        return mapped;
      }
      const sameName = directory.units.find((u) => u.name === name);
      if (sameName) return sameName.id;
      if (!input.createUnknown) {
        unresolved.add(name);
        return null;
      }
      if (!newUnits.has(name)) newUnits.set(name, { id: ids.id(), name, aliases: [], kind: 'other' });
      return newUnits.get(name)!.id;
    };

    const unresolvedError = () => {
      const names = [...unresolved];
      return badInput(
        `有 ${names.length} 个单位不在名录中（${names.slice(0, 5).join('、')}${names.length > 5 ? '等' : ''}）：请为它们选择对应的单位，或选择“新建这些单位”。`,
        { unknownUnits: names },
      );
    };

    if (input.asRevision) {
      // found again now (not trusted from the preview): the plan may have been archived or revised since
      const revision = await findRevision(store, parsed, null);
      if (!revision) {
        throw badInput('这份表格不再像任何一份未归档的任务清单的修订版：请重新选择文件导入，或作为新清单导入。');
      }
      const change = await planRevision(store, {
        planId: revision.planId,
        parsed,
        dir,
        resolve: resolveUnknown,
        newId: () => ids.id(),
        now: ctx.now,
      });
      if (unresolved.size) throw unresolvedError();
      const updated = revision.changed.length;
      await store.applyRevision({
        ...change,
        title: stored.parsed.title ?? stored.fileName,
        fingerprint: stored.fingerprint,
        newUnits: [...newUnits.values()],
        audit: {
          id: ids.id(),
          at: ctx.now,
          actorId: ctx.user.id,
          action: 'applyRevision',
          target: `plan:${revision.planId}`,
          detail: {
            fileName: stored.fileName,
            planId: revision.planId,
            addedTasks: change.newTasks.length,
            changedTasks: updated,
            removedTasks: revision.removed.length,
            newAssignments: change.newAssignments.length,
            withdrawnAssignments: change.withdraw.assignmentIds.length,
            newUnits: [...newUnits.keys()],
            unitMappings: mappings,
          },
        },
      });
      await rememberAliases(ctx, mappings);
      return {
        planId: revision.planId,
        tasks: change.newTasks.length,
        assignments: change.newAssignments.length,
        duplicate: false,
        revision: {
          addedTasks: change.newTasks.length,
          assigned: change.newAssignments.length,
          updated,
          withdrawn: change.withdraw.assignmentIds.length,
        },
      };
    }

    const planId = ids.id();
    const tasks: Task[] = [];
    const assignments: Assignment[] = [];
    for (const t of parsed.tasks) {
      const task = taskOf(t, ids.id(), planId);
      tasks.push(task);
      const seen = new Set<string>();
      for (const e of expandTask(t, dir)) {
        const unitId = e.unitId ?? resolveUnknown(e.unitName);
        if (!unitId || seen.has(unitId)) continue; // a unit named twice on one task gets one assignment (lead first)
        seen.add(unitId);
        assignments.push(
          newAssignment({ id: ids.id(), taskId: task.id, unitId, role: e.role, dueDate: t.deadline.due }),
        );
      }
    }
    if (unresolved.size) throw unresolvedError();
    const result = await store.importPlan({
      plan: {
        id: planId,
        title: stored.parsed.title ?? stored.fileName,
        fingerprint: stored.fingerprint,
        importedAt: ctx.now,
        importedBy: ctx.user.id,
      },
      tasks,
      assignments,
      newUnits: [...newUnits.values()],
      audit: {
        id: ids.id(),
        at: ctx.now,
        actorId: ctx.user.id,
        action: 'confirmImport',
        target: `plan:${planId}`,
        detail: {
          fileName: stored.fileName,
          tasks: tasks.length,
          assignments: assignments.length,
          newUnits: [...newUnits.keys()],
          unitMappings: mappings,
        },
      },
    });
    if (!result.created) return { planId: result.planId, tasks: 0, assignments: 0, duplicate: true };
    await rememberAliases(ctx, mappings);
    return { planId, tasks: tasks.length, assignments: assignments.length, duplicate: false };
  },
});

/**
 * Each mapped name becomes an alias of its unit (after the import is written: an alias that could not be saved
 * costs only a question at the next import, never the import itself).
 */
async function rememberAliases(ctx: BoundContext, mappings: Record<string, string>): Promise<void> {
  const { store, ids } = ctx.rt;
  const entries = Object.entries(mappings);
  if (!entries.length) return;
  // the names are distinct, so one look at the directory serves them all; each unit is read fresh before saving
  const dir = createDirectoryIndex(await store.getDirectory());
  for (const [name, unitId] of entries) {
    if (dir.resolve(name).kind !== 'unknown') continue; // already known (added meanwhile)
    const unit = await store.getUnit(unitId);
    if (!unit) continue;
    await store.saveUnit({ ...unit, aliases: [...unit.aliases, name] });
    await store.appendAudit({
      id: ids.id(),
      at: ctx.now,
      actorId: ctx.user.id,
      action: 'addAlias',
      target: `unit:${unitId}`,
      detail: { alias: name, from: 'confirmImport' },
    });
  }
}
