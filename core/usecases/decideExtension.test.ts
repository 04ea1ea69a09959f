import { breakStore, expectError, makeTestRuntime, useWorld } from '../testing/world';

const {
  w,
  plan,
  users: { furong, supervisor },
} = useWorld({
  smallPlan: true,
  users: { furong: ['district-furong', 'contact'], supervisor: ['city-ducha', 'supervisor', '督查室'] },
});
let extensionId: string;
beforeEach(async () => {
  const { extension } = await w.call(furong, 'requestExtension', {
    assignmentId: plan.a['t2:district-furong'],
    newDue: '2026-04-30',
    reason: '需与省平台对接',
  });
  extensionId = extension.id;
});

describe('decideExtension (审批延期)', () => {
  it('an approved extension moves only that assignment’s due date; the old date stays in the record', async () => {
    const { extension } = await w.call(supervisor, 'decideExtension', { extensionId, approve: true, note: '同意' });
    expect(extension).toMatchObject({
      status: 'approved',
      oldDue: '2026-03-07',
      newDue: '2026-04-30',
      decisionNote: '同意',
    });
    expect(await w.store.getAssignment(plan.a['t2:district-furong'])).toMatchObject({
      dueDate: '2026-04-30',
      originalDueDate: '2026-03-07',
    });
    expect((await w.store.getAssignment(plan.a['t2:city-bianban']))?.dueDate).toBe('2026-03-07');
    expect((await w.store.getAssignment(plan.a['t2:city-zwfw']))?.dueDate).toBe('2026-03-07');
    const [card] = (await w.call(furong, 'listMyTasks', { stage: '梳理事项', q: '清单' })).items;
    expect(card).toMatchObject({ dueDate: '2026-04-30', light: 'green' });
  });

  it('a rejected one leaves the date', async () => {
    await w.call(supervisor, 'decideExtension', { extensionId, approve: false, note: '时限不能调整' });
    expect((await w.store.getAssignment(plan.a['t2:district-furong']))?.dueDate).toBe('2026-03-07');
  });

  it('refuses a missing decision, an unknown request and a second decision', async () => {
    expect((await expectError(w.call(supervisor, 'decideExtension', { extensionId }), 'BAD_INPUT')).message).toContain(
      '「是否同意」',
    );
    await expectError(w.call(supervisor, 'decideExtension', { extensionId: 'nope', approve: true }), 'NOT_FOUND');
    await w.call(supervisor, 'decideExtension', { extensionId, approve: true });
    await expectError(w.call(supervisor, 'decideExtension', { extensionId, approve: false }), 'CONFLICT');
  });

  it('only a supervisor decides', async () => {
    const lead = await w.addUser('city-zwfw', 'contact');
    await expectError(w.call(lead, 'decideExtension', { extensionId, approve: true }), 'FORBIDDEN');
    await expectError(w.call(furong, 'decideExtension', { extensionId, approve: true }), 'FORBIDDEN');
  });

  it('a store failure is an internal error and the date does not move', async () => {
    breakStore(w, 'decideExtension');
    await expectError(w.call(supervisor, 'decideExtension', { extensionId, approve: true }), 'INTERNAL');
    expect((await w.store.getAssignment(plan.a['t2:district-furong']))?.dueDate).toBe('2026-03-07');
  });
});

describe('decideExtension with the reminder engine', () => {
  it('queues a message to the unit saying whether and to when', async () => {
    const q = await makeTestRuntime();
    try {
      const p = await q.importSmallPlan();
      const unit = await q.addUser('district-furong', 'contact');
      const sup = await q.addUser('city-ducha', 'supervisor');
      const { extension } = await q.call(unit, 'requestExtension', {
        assignmentId: p.a['t2:district-furong'],
        newDue: '2026-04-30',
        reason: '协调',
      });
      await q.call(sup, 'decideExtension', { extensionId: extension.id, approve: true });
      const [event] = (await q.reminders.pendingEvents(10)).map((e) => e.event);
      expect(event).toMatchObject({ kind: 'extension', approved: true, newDue: '2026-04-30', refId: extension.id });
    } finally {
      q.close();
    }
  });
});
