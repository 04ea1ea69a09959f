/**
 * Every free text a user writes goes through the content check (contentGuard.ts), in the use cases, so both
 * runtimes refuse it the same way: a risky text is CONTENT_REJECTED naming the field, and nothing is written.
 */
import { expectError, useWorld } from '../testing/world';

const {
  w,
  plan,
  users: { furong, supervisor, admin },
} = useWorld({
  smallPlan: true,
  users: {
    furong: ['district-furong', 'contact', '芙蓉联络员'],
    supervisor: ['city-ducha', 'supervisor', '督查室'],
    admin: ['city-youhua', 'admin', '管理员'],
  },
});

beforeEach(() => {
  w.contentCheck.say('违禁', 'risky');
});

const rejected = async (promise: Promise<unknown>, field: string): Promise<void> => {
  const err = await expectError(promise, 'CONTENT_REJECTED');
  expect(err.message).toContain(field);
  expect(err.message).toContain('修改后重新提交');
};

describe('the content check of free text', () => {
  it('urge messages', async () => {
    const assignmentIds = [plan.a['t2:district-furong']];
    await rejected(w.call(supervisor, 'urge', { assignmentIds, message: '违禁内容' }), '催办内容');
    expect(await w.store.listUrgesOfTask('t2')).toHaveLength(0);
    expect(await w.call(supervisor, 'urge', { assignmentIds, message: '请抓紧办理' })).toEqual({
      urged: 1,
      alreadyUrged: 0,
    });
    expect(w.contentCheck.checked).toContain('请抓紧办理');
  });

  it('extension reasons and decision notes', async () => {
    const assignmentId = plan.a['t2:district-furong'];
    await rejected(
      w.call(furong, 'requestExtension', { assignmentId, newDue: '2026-04-30', reason: '违禁理由' }),
      '延期理由',
    );
    expect(await w.store.listExtensionsOfTask('t2')).toHaveLength(0);
    const { extension } = await w.call(furong, 'requestExtension', {
      assignmentId,
      newDue: '2026-04-30',
      reason: '需与省平台对接',
    });
    await rejected(
      w.call(supervisor, 'decideExtension', { extensionId: extension.id, approve: false, note: '违禁' }),
      '审批意见',
    );
    expect(await w.store.getExtension(extension.id)).toMatchObject({ status: 'pending' });
  });

  it('return reasons', async () => {
    const { report } = await w.call(furong, 'submitReport', {
      assignmentId: plan.a['t3:district-furong'],
      requestId: 'claim',
      text: '已全部完成',
      claimDone: true,
    });
    await rejected(
      w.call(supervisor, 'reviewReport', { reportId: report.id, decision: 'return', reason: '违禁意见' }),
      '退回原因',
    );
    expect(await w.store.getReport(report.id)).toMatchObject({ review: 'pending' });
  });

  it('names of units and aliases', async () => {
    await rejected(w.call(admin, 'saveUnit', { name: '违禁办公室' }), '单位名称');
    await rejected(w.call(admin, 'saveUnit', { name: '新设办公室', aliases: ['违禁办'] }), '单位别名');
    await rejected(w.call(admin, 'addAlias', { targetId: 'district-furong', alias: '违禁区' }), '别名');
    const dir = await w.store.getDirectory();
    expect(dir.units.some((u) => [u.name, ...u.aliases].some((n) => n.includes('违禁')))).toBe(false);
  });

  it('the name a user binds with, before the invite is used', async () => {
    const { code } = await w.call(admin, 'createInvite', { unitId: 'district-furong', role: 'contact' });
    await rejected(w.call(null, 'bind', { code, name: '违禁' }), '姓名');
    const { me } = await w.call(null, 'bind', { code, name: '李四' });
    expect(me.user.name).toBe('李四');
  });

  it('is asked with the author’s principal; a check that cannot be made refuses the text', async () => {
    w.contentCheck.failing = new Error('msgSecCheck timeout');
    await expect(
      w.call(supervisor, 'urge', { assignmentIds: [plan.a['t2:district-furong']], message: '请抓紧' }),
    ).rejects.toThrow();
    expect(await w.store.listUrgesOfTask('t2')).toHaveLength(0);
  });

  it('disguised words (zero-width, punctuation, tags, traditional) are refused on any check: the folded form is checked too', async () => {
    // the world's check matches plain substrings only, like a check that knows nothing of disguises
    const assignmentIds = [plan.a['t2:district-furong']];
    for (const message of ['违\u200b禁', '违-禁内容', '违，禁', '违<b>禁</b>', '違禁']) {
      await rejected(w.call(supervisor, 'urge', { assignmentIds, message }), '催办内容');
    }
    expect(await w.store.listUrgesOfTask('t2')).toHaveLength(0);
  });

  it('a text of only zero-width characters is not a text', async () => {
    const assignmentIds = [plan.a['t2:district-furong']];
    await expectError(w.call(supervisor, 'urge', { assignmentIds, message: '\u200b\u200b\ufeff' }), 'BAD_INPUT');
  });
});
