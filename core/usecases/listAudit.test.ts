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

  it('names the unit and the task each entry concerns, from its detail or its target', async () => {
    const furong = await w.addUser('district-furong', 'contact', '芙蓉联络员');
    const supervisor = await w.addUser('city-ducha', 'supervisor', '督查室');
    const assignmentId = plan.a['t3:district-furong'];
    await w.call(furong, 'acknowledge', { assignmentId });
    const { report } = await w.call(furong, 'submitReport', {
      assignmentId,
      requestId: 'r',
      text: '已完成',
      claimDone: true,
    });
    await w.call(supervisor, 'reviewReport', { reportId: report.id, decision: 'return', reason: '缺少照片' });
    await w.call(supervisor, 'urge', { assignmentIds: [plan.a['t2:district-furong']], message: '请抓紧' });
    await w.call(admin, 'createInvite', { unitId: 'district-yuelu', role: 'contact' });
    const saved = await w.call(admin, 'saveUnit', { name: '市新设单位' });
    await w.call(admin, 'updateSettings', { yellowDays: 5 });
    const t2 = (await w.store.getTask('t2'))!;
    const t3 = (await w.store.getTask('t3'))!;
    const { items } = await w.call(admin, 'listAudit', { pageSize: 20 });
    const shown = items.map((e) => [e.action, e.unitName, e.task?.id ?? null]);
    expect(shown).toEqual([
      ['updateSettings', null, null],
      ['createUnit', '市新设单位', null],
      ['createInvite', '岳麓区人民政府', null],
      ['urge', '芙蓉区人民政府', 't2'],
      ['returnReport', '芙蓉区人民政府', 't3'],
      ['submitReport', '芙蓉区人民政府', 't3'],
      ['acknowledge', '芙蓉区人民政府', 't3'],
      ['confirmImport', null, null],
    ]);
    expect(items.find((e) => e.action === 'urge')?.task).toEqual({ id: 't2', seq: t2.seq, content: t2.content });
    expect(items.find((e) => e.action === 'acknowledge')?.task).toEqual({ id: 't3', seq: t3.seq, content: t3.content });
    expect(items.find((e) => e.action === 'createUnit')?.target).toBe(`unit:${saved.id}`);
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
