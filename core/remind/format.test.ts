import { seedTableText } from '../../data';
import { MESSAGE_KINDS, type MessageKind, type TemplateSetting } from '../model';
import {
  buildMessage,
  checkMessageData,
  checkTemplateSetting,
  formatValue,
  keywordType,
  VALUE_NAMES,
  type MessageContext,
} from './format';

/** The task texts of the 2018 Changsha table, longest first. */
function seedTaskTexts(): string[] {
  return seedTableText()
    .split(/\r?\n/)
    .map((l) => l.split('\t'))
    .filter((cols) => cols.length >= 5 && cols[1] && cols[1] !== '目标任务')
    .map((cols) => cols[1].trim())
    .sort((a, b) => b.length - a.length);
}

const AT = '2026-03-28T02:30:00.000Z'; // 2026年3月28日 10:30 Beijing

function ctx(over: Partial<MessageContext> = {}): MessageContext {
  return {
    key: 'due:a1:2026-03-31:3:u1',
    taskId: 't1',
    task: '建成市“互联网+政务服务”平台',
    unit: '芙蓉区人民政府',
    due: '2026-03-31',
    deadline: '2026年3月',
    daysLeft: 3,
    stage: '建设“互联网+政务服务”平台',
    seq: 1,
    note: null,
    from: null,
    at: AT,
    ...over,
  };
}

/** A template using every keyword type WeChat has, each fed a value that tempts it to break its rule. */
const EVERY_TYPE: TemplateSetting = {
  templateId: 'tmpl-all',
  fields: [
    { key: 'thing1', value: 'task' },
    { key: 'thing2', value: 'note' },
    { key: 'date3', value: 'due' },
    { key: 'time4', value: 'time' },
    { key: 'phrase5', value: 'status' },
    { key: 'name6', value: 'unit' },
    { key: 'name7', value: 'user' },
    { key: 'character_string8', value: 'task' },
    { key: 'number9', value: 'seq' },
    { key: 'letter10', value: 'task' },
    { key: 'symbol11', value: 'task' },
    { key: 'thing12', value: 'from' },
    { key: 'thing13', value: 'stage' },
    { key: 'thing14', value: 'daysLeft' },
    { key: 'phrase15', value: 'title' },
    { key: 'thing16', value: 'deadline' },
  ],
};

const KINDS: readonly MessageKind[] = MESSAGE_KINDS;

describe('keyword types come from the template key', () => {
  it('reads the prefix of thing1, character_string12, date3 and refuses unknown ones', () => {
    expect(keywordType('thing1')).toBe('thing');
    expect(keywordType('character_string12')).toBe('character_string');
    expect(keywordType('date3')).toBe('date');
    expect(keywordType('phrase15')).toBe('phrase');
    expect(keywordType('colour2')).toBeNull();
    expect(keywordType('thing')).toBeNull();
  });
});

describe('values follow WeChat rules per keyword type', () => {
  it('cuts a thing to 20 characters ending with an ellipsis', () => {
    const long = seedTaskTexts()[0];
    const v = formatValue('thing', long, '督办事项', AT);
    expect(Array.from(v)).toHaveLength(20);
    expect(v.endsWith('…')).toBe(true);
    expect(long.startsWith(v.slice(0, -1))).toBe(true);
  });

  it('keeps a short thing as it is, on one line', () => {
    expect(formatValue('thing', '市编办\n牵头', 'x', AT)).toBe('市编办 牵头');
  });

  it('writes dates as 2026年3月31日 and times as 2026年3月28日 10:30 Beijing time', () => {
    expect(formatValue('date', '2026-03-31', '', AT)).toBe('2026年3月31日');
    expect(formatValue('time', AT, '', AT)).toBe('2026年3月28日 10:30');
    expect(formatValue('date', AT, '', AT)).toBe('2026年3月28日 10:30');
  });

  it('fills a date field with no date (an ongoing task) with the day the message is sent', () => {
    expect(formatValue('date', '', '', AT)).toBe('2026年3月28日');
  });

  it('keeps a phrase to at most 5 Chinese characters, nothing else', () => {
    expect(formatValue('phrase', '已逾期 3 天', '待办理', AT)).toBe('已逾期天');
    expect(formatValue('phrase', '延期申请已批准', '待办理', AT)).toBe('延期申请已');
    expect(formatValue('phrase', 'OK', '待办理', AT)).toBe('待办理');
  });

  it('keeps a name to 10 Chinese characters or 20 letters', () => {
    expect(formatValue('name', '长沙经济技术开发区管理委员会', '联络员', AT)).toBe('长沙经济技术开发区管');
    expect(formatValue('name', 'Zhang San 2', '联络员', AT)).toBe('ZhangSan');
    expect(formatValue('name', '', '联络员', AT)).toBe('联络员');
  });

  it('keeps numbers, letters, symbols and character strings within their limits', () => {
    expect(formatValue('number', '第12项', '0', AT)).toBe('12');
    expect(formatValue('letter', '平台ABC', 'x', AT)).toBe('ABC');
    expect(formatValue('symbol', '“互联网+政务服务”', 'x', AT)).toBe('“+”');
    expect(formatValue('character_string', 'a'.repeat(40), 'x', AT)).toBe('a'.repeat(32));
    expect(formatValue('character_string', '中文', 'x', AT)).toBe('-');
  });

  it('never leaves a value empty', () => {
    for (const type of [
      'thing',
      'number',
      'letter',
      'symbol',
      'character_string',
      'phrase',
      'name',
      'date',
      'time',
    ] as const) {
      expect(formatValue(type, '', '', AT).length).toBeGreaterThan(0);
    }
  });
});

describe('checkMessageData names every broken rule', () => {
  it('finds a long thing, an empty value, a phrase with letters and a date in the wrong form', () => {
    const problems = checkMessageData({
      thing1: { value: '一'.repeat(21) },
      thing2: { value: '' },
      phrase3: { value: '已逾期3天' },
      date4: { value: '2026-03-31' },
      time5: { value: '2026年3月31日 15:01' },
      number6: { value: '12' },
    });
    expect(problems.map((p) => p.field).sort()).toEqual(['date4', 'phrase3', 'thing1', 'thing2']);
    expect(problems.find((p) => p.field === 'thing1')?.problem).toBe('超过20个字符');
  });

  it('accepts a date range joined by ~', () => {
    expect(checkMessageData({ date1: { value: '2026年3月1日 ~ 2026年3月31日' } })).toEqual([]);
  });
});

describe('buildMessage fills the template of each message kind', () => {
  it('makes the message exactly as sent: key, touser, template id, the task page and the data', () => {
    const msg = buildMessage(
      'due',
      ctx(),
      {
        templateId: 'T-due',
        fields: [
          { key: 'thing1', value: 'task' },
          { key: 'date2', value: 'due' },
          { key: 'phrase3', value: 'status' },
        ],
      },
      { principal: 'openid-1', name: '张三' },
    );
    expect(msg).toEqual({
      key: 'due:a1:2026-03-31:3:u1',
      kind: 'due',
      touser: 'openid-1',
      templateId: 'T-due',
      page: 'pages/task/index?id=t1',
      data: {
        thing1: { value: '建成市“互联网+政务服务”平台' },
        date2: { value: '2026年3月31日' },
        phrase3: { value: '即将到期' },
      },
    });
  });

  it('gives every kind valid data with the longest task texts of the seed table', () => {
    const texts = seedTaskTexts().slice(0, 5);
    expect(texts[0].length).toBeGreaterThan(100);
    for (const kind of KINDS) {
      for (const text of texts) {
        for (const over of [
          { task: text, stage: text, note: text, from: '市政府督查室（市绩效办）', daysLeft: -40 },
          {
            task: text,
            due: null,
            deadline: '长期坚持',
            note: '',
            stage: null,
            seq: null,
            daysLeft: null,
            approved: true,
          },
        ] as Partial<MessageContext>[]) {
          const msg = buildMessage(kind, ctx(over), EVERY_TYPE, { principal: 'o', name: null });
          expect(checkMessageData(msg.data)).toEqual([]);
          expect(Object.keys(msg.data)).toHaveLength(EVERY_TYPE.fields.length);
        }
      }
    }
  });

  it('says what happened in the status word of each kind', () => {
    const status = (kind: MessageKind, over: Partial<MessageContext> = {}) =>
      buildMessage(
        kind,
        ctx(over),
        { templateId: 't', fields: [{ key: 'phrase1', value: 'status' }] },
        { principal: 'o', name: null },
      ).data.phrase1.value;
    expect(status('due')).toBe('即将到期');
    expect(status('due', { daysLeft: 0 })).toBe('今日到期');
    expect(status('overdue', { daysLeft: -2 })).toBe('已逾期');
    expect(status('returned')).toBe('已退回');
    expect(status('extension', { approved: true })).toBe('延期已批准');
    expect(status('extension', { approved: false })).toBe('延期未批准');
  });
});

describe('template settings are checked before they are used', () => {
  it('points at unknown keyword types and value names', () => {
    expect(checkTemplateSetting(EVERY_TYPE)).toEqual([]);
    expect(checkTemplateSetting({ templateId: ' ', fields: [{ key: 'colour1', value: 'weather' }] })).toEqual([
      '模板 ID 不能为空',
      '字段 colour1 的关键词类型无法识别',
      '字段 colour1 的取值 weather 无法识别',
    ]);
    expect(VALUE_NAMES).toContain('task');
  });
});
