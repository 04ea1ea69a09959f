import { MESSAGE_KINDS } from '../model';
import { expectError, useWorld } from '../testing/world';

const {
  w,
  plan,
  users: { admin, furong },
} = useWorld({
  smallPlan: true,
  users: { admin: ['city-ducha', 'admin', '王管理'], furong: ['district-furong', 'contact', '刘联络'] },
});

const ALL_FIELDS = {
  templateId: 'TMPL-X',
  fields: [
    { key: 'thing1', value: 'task' },
    { key: 'date2', value: 'due' },
    { key: 'phrase3', value: 'status' },
    { key: 'thing4', value: 'note' },
    { key: 'name5', value: 'user' },
    { key: 'time6', value: 'time' },
    { key: 'character_string7', value: 'seq' },
    { key: 'thing8', value: 'from' },
  ],
};

describe('previewTemplate', () => {
  it.each(MESSAGE_KINDS)('fills every field of a %s message from a real task, within WeChat’s rules', async (kind) => {
    const preview = await w.call(admin, 'previewTemplate', { kind, template: ALL_FIELDS, taskId: 't3' });
    expect(preview.task).toMatchObject({ id: 't3', unitName: '芙蓉区人民政府' });
    expect(preview.problems).toEqual([]);
    expect(preview.fields.map((f) => f.key)).toEqual(ALL_FIELDS.fields.map((f) => f.key));
    for (const f of preview.fields) {
      expect([f.key, f.problem]).toEqual([f.key, null]);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.rule).toBeTruthy();
    }
    const by = Object.fromEntries(preview.fields.map((f) => [f.key, f.value]));
    const t3 = plan.tasks.t3;
    expect(t3.content.startsWith(by.thing1.replace(/…$/, ''))).toBe(true);
    expect(by.date2).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    expect(by.name5).toBe('刘联络');
    expect([...by.phrase3].length).toBeLessThanOrEqual(5);
  });

  it('uses the first task when none is named, and shows the rule broken by a bad keyword or value name', async () => {
    const preview = await w.call(admin, 'previewTemplate', {
      kind: 'due',
      template: {
        templateId: '',
        fields: [
          { key: 'thing1', value: 'task' },
          { key: 'thingy2', value: 'task' },
          { key: 'phrase3', value: 'nonsense' },
        ],
      },
    });
    expect(preview.task).not.toBeNull();
    expect(preview.fields[0]).toMatchObject({ type: 'thing', rule: expect.stringContaining('20'), problem: null });
    expect(preview.fields[1]).toMatchObject({ type: null, rule: null, problem: '关键词类型无法识别' });
    expect(preview.fields[2]).toMatchObject({ type: 'phrase', problem: expect.stringContaining('nonsense') });
    expect(preview.problems).toEqual(
      expect.arrayContaining([
        '模板 ID 不能为空',
        expect.stringContaining('thingy2'),
        expect.stringContaining('nonsense'),
      ]),
    );
    // nothing was saved
    expect((await w.store.getSettings()).templates).toEqual({});
  });

  it('without a task named, takes one the kind is really sent about: overdue for 逾期, not yet due for 到期', async () => {
    const template = { templateId: 'T', fields: [{ key: 'thing1', value: 'daysLeft' }] };
    const overdue = await w.call(admin, 'previewTemplate', { kind: 'overdue', template });
    expect(overdue.task?.id).toBe('t2');
    expect(overdue.fields[0].value).toMatch(/^已逾期\d+天$/);
    const due = await w.call(admin, 'previewTemplate', { kind: 'due', template });
    expect(due.fields[0].value).toMatch(/^(还剩\d+天|今天到期)$/);
  });

  it('is for administrators only, and refuses input that is not a template', async () => {
    await expectError(w.call(furong, 'previewTemplate', { kind: 'due', template: ALL_FIELDS }), 'FORBIDDEN');
    await expectError(w.call(admin, 'previewTemplate', { kind: 'weekly', template: ALL_FIELDS }), 'BAD_INPUT');
    await expectError(
      w.call(admin, 'previewTemplate', { kind: 'due', template: ALL_FIELDS, taskId: 'nope' }),
      'NOT_FOUND',
    );
  });
});
