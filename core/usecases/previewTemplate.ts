/**
 * previewTemplate: a message template as an administrator is setting it (template id and keyword → value map),
 * tried on a real task: each field filled exactly as the reminder pass would fill it for that task's contact, and
 * checked against WeChat's rule for its keyword type. Nothing is saved (updateSettings saves, refusing the same
 * problems). Without a task given, an open assignment the kind is really sent about is used (overdue for 逾期, due
 * from today on for the others), else the first task; with no task at all, example values.
 * Permission: admin only (PERMISSIONS.previewTemplate).
 */
import { z } from 'zod';
import type { TemplatePreview } from '../api/contract';
import { MESSAGE_KINDS, type Assignment, type MessageKind, type Task } from '../model';
import { previewTemplateSetting, type MessageContext } from '../remind/format';
import { addDays, beijingDate, daysBetween } from '../time';
import { loadTask } from './access';
import { defineUseCase } from './define';
import { MAX_TEMPLATE_FIELDS, templateField } from './updateSettings';

/** Who a message of each kind comes from (the `from` value), when it comes from someone. */
const FROM_SOMEONE: Record<MessageKind, boolean> = {
  due: false,
  overdue: false,
  periodic: false,
  returned: true,
  accepted: true,
  extension: true,
  urge: true,
  instruction: true,
  claimReview: true,
  extensionReview: true,
};

export const previewTemplate = defineUseCase({
  action: 'previewTemplate',
  schema: z.object({
    kind: z.enum(MESSAGE_KINDS),
    // A draft: an empty id or no fields yet is shown as a problem, not refused.
    template: z.object({
      templateId: z.string().trim().max(100),
      fields: z.array(templateField).max(MAX_TEMPLATE_FIELDS),
    }),
    taskId: z.string().min(1).max(100).optional(),
  }),
  async run(ctx, input): Promise<TemplatePreview> {
    const { store } = ctx.rt;
    const today = beijingDate(ctx.now);
    let task: Task | null = input.taskId ? await loadTask(ctx, input.taskId) : null;
    let assignment: Assignment | null = null;
    if (!task) {
      // A task this kind of message is really sent about: overdue for 逾期, due from today on for the others.
      const due = input.kind === 'overdue' ? { to: addDays(today, -1) } : { from: today };
      const fitting = (await store.listAssignments({ open: true, due }, { offset: 0, limit: 1 })).items[0];
      if (fitting) ({ task, assignment } = fitting);
    }
    if (!task) task = (await store.listTasks({ offset: 0, limit: 1 })).items[0] ?? null;
    if (task && !assignment) {
      const assignments = await store.listAssignmentsOfTask(task.id);
      assignment = assignments.find((a) => a.role !== 'lead' && a.status !== 'closed') ?? assignments[0] ?? null;
    }
    const unit = assignment ? await store.getUnit(assignment.unitId) : null;
    const contact = assignment ? ((await store.listUsersOfUnit(assignment.unitId, 'contact'))[0] ?? null) : null;
    const fromUnit = (await store.getUnit(ctx.user.unitId))?.name ?? null;
    const due = assignment?.dueDate ?? task?.deadline.due ?? null;
    const context: MessageContext = {
      key: `preview:${input.kind}`,
      taskId: task?.id ?? 'example',
      task: task?.content ?? '推进“最多跑一次”改革，梳理公布办事事项清单',
      unit: unit?.name ?? '责任单位',
      due,
      deadline: task?.deadline.text ?? '2026年6月底前',
      daysLeft: due ? daysBetween(today, due) : null,
      stage: task?.stage ?? null,
      seq: task?.seq ?? 1,
      note: null,
      from: FROM_SOMEONE[input.kind] ? fromUnit : null,
      at: ctx.now,
      approved: input.kind === 'extension' ? true : null,
    };
    const { fields, problems } = previewTemplateSetting(input.kind, context, input.template, {
      principal: contact?.principal ?? '',
      name: contact?.name ?? null,
    });
    return {
      kind: input.kind,
      task: task ? { id: task.id, seq: task.seq, content: task.content, unitName: unit?.name ?? '' } : null,
      fields,
      problems,
    };
  },
});
