import { breakStore, expectError, useWorld } from '../testing/world';

const {
  w,
  plan,
  users: { admin },
} = useWorld({ smallPlan: true, users: { admin: ['city-ducha', 'admin', '管理员'] } });

describe('listAudit (留痕)', () => {
  it('every change leaves who, when and what, newest first, paged', async () => {
    const furong = await w.addUser('district-furong', 'contact', '芙蓉联络员');
    await w.call(furong, 'acknowledge', { assignmentId: plan.a['t3:district-furong'] });
    w.clock.advanceMinutes(1);
    await w.call(furong, 'submitReport', { assignmentId: plan.a['t3:district-furong'], requestId: 'r', text: '进展' });
    w.clock.advanceMinutes(1);
    await w.call(admin, 'updateSettings', { yellowDays: 5 });
    const page = await w.call(admin, 'listAudit', { page: 1, pageSize: 2 });
    expect(page.items.map((e) => [e.action, e.actorName, e.at])).toEqual([
      ['updateSettings', '管理员', '2026-03-10T02:02:00.000Z'],
      ['submitReport', '芙蓉联络员', '2026-03-10T02:01:00.000Z'],
    ]);
    expect(page.total).toBe(4); // + acknowledge + the import
    const second = await w.call(admin, 'listAudit', { page: 2, pageSize: 2 });
    expect(second.items.map((e) => e.action)).toEqual(['acknowledge', 'confirmImport']);
  });

  it('refuses a page size over 100 and a non-admin', async () => {
    expect((await expectError(w.call(admin, 'listAudit', { pageSize: 101 }), 'BAD_INPUT')).message).toContain(
      '「每页条数」',
    );
    const supervisor = await w.addUser('city-ducha', 'supervisor');
    await expectError(w.call(supervisor, 'listAudit', {}), 'FORBIDDEN');
  });

  it('a store failure is an internal error', async () => {
    breakStore(w, 'listAudit');
    await expectError(w.call(admin, 'listAudit', {}), 'INTERNAL');
  });
});
