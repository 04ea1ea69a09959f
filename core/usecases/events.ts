/**
 * Messages a use case causes (a report returned or accepted, an extension decided, an urge) are queued for the
 * reminder pass (core/remind), which sends them to the unit's contacts exactly once, within credits and sending
 * hours.
 */
import type { EventKind } from '../ports/reminders';
import type { BoundContext } from './runtime';

export async function queueEvent(
  ctx: BoundContext,
  event: {
    kind: EventKind;
    assignmentId: string;
    refId: string;
    note: string | null;
    approved?: boolean;
    newDue?: string | null;
    /** Who the message names as acting (the writer's name by default). */
    from?: string | null;
  },
): Promise<void> {
  await ctx.rt.reminders.enqueueEvent({
    id: `${event.kind}:${event.refId}:${event.assignmentId}`,
    kind: event.kind,
    assignmentId: event.assignmentId,
    refId: event.refId,
    createdAt: ctx.now,
    note: event.note,
    from: event.from ?? ctx.user.name,
    approved: event.approved ?? null,
    newDue: event.newDue ?? null,
  });
}
