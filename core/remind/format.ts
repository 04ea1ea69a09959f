/**
 * Subscription message values under WeChat's rules for each keyword type (订阅消息参数值内容限制).
 * The keyword type is the key's prefix: `thing1` is a thing, `character_string2` a character_string, `date3` a date.
 * Template ids and each kind's field map are deployment settings (Settings.templates), never constants here.
 */
import type { Frozen } from '../frozen';
import type { CalendarDate, Instant, MessageKind, TemplateSetting } from '../model';
import type { OutgoingMessage } from '../ports/messenger';
import { beijingDate, formatChineseDate, formatChineseDateTime } from '../time';

export type KeywordType =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'time'
  | 'date'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'name'
  | 'phrase';

const KEYWORD_TYPES: readonly KeywordType[] = [
  'character_string',
  'phone_number',
  'car_number',
  'thing',
  'number',
  'letter',
  'symbol',
  'time',
  'date',
  'amount',
  'name',
  'phrase',
];

/** The keyword type of a template key (`thing12` → thing); null when the prefix is not one WeChat knows. */
export function keywordType(key: string): KeywordType | null {
  const m = /^([a-z_]+?)(\d+)$/.exec(key);
  if (!m) return null;
  return KEYWORD_TYPES.find((t) => t === m[1]) ?? null;
}

/** The page a message opens: the task's detail page in the app (src/pages/task). */
export const TASK_PAGE = 'pages/task/index';

export function taskPage(taskId: string): string {
  return `${TASK_PAGE}?id=${encodeURIComponent(taskId)}`;
}

/**
 * The named values a template field can show (TemplateField.value). Documented in the README's settings section.
 */
export const VALUE_NAMES = [
  'task', // 任务内容
  'unit', // 责任单位
  'due', // 截止日期 (date)
  'deadline', // 完成时间 as written
  'daysLeft', // 还剩3天 / 今天到期 / 已逾期2天
  'status', // 即将到期 / 已逾期 / 已退回 …
  'title', // 到期提醒 / 逾期提醒 / 催办通知 …
  'note', // 提示、退回原因、催办内容、审核意见
  'from', // 审核人、督办人
  'time', // 发送时间 (date and time)
  'stage', // 工作阶段
  'user', // 收件人姓名
  'seq', // 任务序号
] as const;
export type ValueName = (typeof VALUE_NAMES)[number];

/** Everything a message may say, resolved for one recipient. */
export interface MessageContext {
  key: string;
  taskId: string;
  task: string;
  unit: string;
  due: CalendarDate | null;
  deadline: string;
  daysLeft: number | null;
  stage: string | null;
  seq: number | null;
  note: string | null;
  from: string | null;
  /** When the message is made. */
  at: Instant;
  /** Extension decided: approved or not. */
  approved?: boolean | null;
  /** Periodic: the unit missed the period's report (the note after the due day), not the reminder before it. */
  missed?: boolean;
}

const TITLES: Record<MessageKind, string> = {
  due: '到期提醒',
  overdue: '逾期提醒',
  periodic: '进展报送提醒',
  returned: '进展被退回',
  accepted: '审核通过',
  extension: '延期申请结果',
  urge: '督办催办',
  instruction: '领导批示',
  claimReview: '办结待审核',
  extensionReview: '延期待审批',
};

function statusWord(kind: MessageKind, ctx: MessageContext): string {
  switch (kind) {
    case 'due':
      return ctx.daysLeft === 0 ? '今日到期' : '即将到期';
    case 'overdue':
      return '已逾期';
    case 'periodic':
      return ctx.missed ? '逾期未报' : '待报进展';
    case 'returned':
      return '已退回';
    case 'accepted':
      return '已通过';
    case 'extension':
      return ctx.approved ? '延期已批准' : '延期未批准';
    case 'urge':
      return '催办';
    case 'instruction':
      return '新批示';
    case 'claimReview':
      return '待审核';
    case 'extensionReview':
      return '待审批';
  }
}

function daysLeftText(daysLeft: number | null): string {
  if (daysLeft === null) return '长期推进';
  if (daysLeft > 0) return `还剩${daysLeft}天`;
  if (daysLeft === 0) return '今天到期';
  return `已逾期${-daysLeft}天`;
}

function defaultNote(kind: MessageKind, ctx: MessageContext): string {
  switch (kind) {
    case 'due':
      return ctx.daysLeft === 0 ? '今天到期，请及时办理并报送进展' : `${daysLeftText(ctx.daysLeft)}到期，请及时办理`;
    case 'overdue':
      return `${daysLeftText(ctx.daysLeft)}，请尽快办理并报送进展`;
    case 'periodic':
      if (ctx.missed) {
        // within a thing's 20 characters: 3月20日前未报本期进展，请尽快补报
        return ctx.due
          ? `${formatChineseDate(ctx.due).replace(/^\d+年/, '')}前未报本期进展，请尽快补报`
          : '未按时报送本期进展，请尽快补报';
      }
      return ctx.due ? `请在${formatChineseDate(ctx.due)}前报送进展` : '请按时报送本期进展';
    case 'returned':
      return '请按退回意见修改后重新报送';
    case 'accepted':
      return '审核已通过';
    case 'extension':
      return ctx.approved ? '延期申请已批准' : '延期申请未获批准';
    case 'urge':
      return '请抓紧办理并报送进展';
    case 'instruction':
      return '请按批示要求落实并报送落实情况';
    case 'claimReview':
      return `${ctx.unit}申请办结，请审核`;
    case 'extensionReview':
      return `${ctx.unit}申请延期，请审批`;
  }
}

/** A word to show when a value would be empty (WeChat rejects empty values). */
const FALLBACK: Record<ValueName, string> = {
  task: '督办事项',
  unit: '责任单位',
  due: '',
  deadline: '见任务详情',
  daysLeft: '长期推进',
  status: '待办理',
  title: '督办提醒',
  note: '请及时办理',
  from: '督查室',
  time: '',
  stage: '督办事项',
  user: '联络员',
  seq: '0',
};

function rawValue(name: string, kind: MessageKind, ctx: MessageContext, userName: string | null): string {
  switch (name as ValueName) {
    case 'task':
      return ctx.task;
    case 'unit':
      return ctx.unit;
    case 'due':
      return ctx.due ?? '';
    case 'deadline':
      return ctx.deadline;
    case 'daysLeft':
      return daysLeftText(ctx.daysLeft);
    case 'status':
      return statusWord(kind, ctx);
    case 'title':
      return TITLES[kind];
    case 'note':
      return ctx.note?.trim() ? ctx.note : defaultNote(kind, ctx);
    case 'from':
      return ctx.from ?? '';
    case 'time':
      return ctx.at;
    case 'stage':
      return ctx.stage ?? '';
    case 'user':
      return userName ?? '';
    case 'seq':
      return ctx.seq === null ? '' : String(ctx.seq);
    default:
      return '';
  }
}

const CJK = /[\u3400-\u9fff]/gu;
const chars = (s: string): string[] => Array.from(s);

function oneLine(s: string): string {
  // Control characters and line breaks become spaces: a message value is one line.
  return Array.from(s, (c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

function cut(s: string, max: number, ellipsis: boolean): string {
  const cs = chars(s);
  if (cs.length <= max) return s;
  return ellipsis ? cs.slice(0, max - 1).join('') + '…' : cs.slice(0, max).join('');
}

function onlyCjk(s: string): string {
  return (s.match(CJK) ?? []).join('');
}

/** A date field: a CalendarDate as `2026年3月31日`, an instant as `2026年3月31日 15:01`. */
function dateValue(raw: string, at: Instant, withTime: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return formatChineseDate(raw);
  if (/^\d{4}-\d{2}-\d{2}T/.test(raw) && !Number.isNaN(Date.parse(raw))) {
    return withTime ? formatChineseDateTime(raw) : formatChineseDate(beijingDate(raw));
  }
  return withTime ? formatChineseDateTime(at) : formatChineseDate(beijingDate(at));
}

/**
 * The value as WeChat accepts it for a keyword type: cut to length, restricted to the allowed characters, never
 * empty (`fallback` when nothing is left). `at` fills a date or time field whose value is not a date.
 */
export function formatValue(type: KeywordType | null, raw: string, fallback: string, at: Instant): string {
  const text = oneLine(raw);
  const orFallback = (v: string, fb: string): string => (v.length > 0 ? v : fb);
  switch (type) {
    case 'time':
      return dateValue(text, at, true);
    case 'date':
      return dateValue(text, at, /T\d{2}:/.test(text));
    case 'number': {
      const m = /-?\d+(?:\.\d+)?/.exec(text);
      return m ? cut(m[0], 32, false) : '0';
    }
    case 'letter':
      return orFallback(cut(text.replace(/[^A-Za-z]/g, ''), 32, false), 'NA');
    case 'symbol':
      return orFallback(cut(text.replace(/[\p{L}\p{N}\s]/gu, ''), 5, false), '-');
    case 'character_string':
      return orFallback(cut(text.replace(/[^\x21-\x7e]/g, ''), 32, false), '-');
    case 'phone_number':
      return orFallback(cut(text.replace(/[^0-9+\-()]/g, ''), 17, false), '-');
    case 'amount': {
      const m = /\d+(?:\.\d+)?/.exec(text);
      return `${m ? cut(m[0], 12, false) : '0'}元`;
    }
    case 'car_number':
      return orFallback(cut(text.replace(/\s/g, ''), 8, false), '无');
    case 'phrase':
      return cut(orFallback(onlyCjk(text), onlyCjk(fallback) || '待办理'), 5, false);
    case 'name': {
      const cjk = onlyCjk(text);
      if (cjk) return cut(cjk, 10, false);
      const latin = text.replace(/[^A-Za-z]/g, '');
      return latin ? cut(latin, 20, false) : cut(onlyCjk(fallback) || '联络员', 10, false);
    }
    case 'thing':
    case null:
    default:
      return cut(orFallback(text, oneLine(fallback) || '督办提醒'), 20, true);
  }
}

/** One broken rule: the field and what is wrong with it (in Chinese, as an administrator reads it). */
export interface DataViolation {
  field: string;
  type: KeywordType | null;
  value: string;
  problem: string;
}

const DATE_PART = String.raw`\d{4}年\d{1,2}月\d{1,2}日`;
const TIME_PART = String.raw`\d{1,2}:\d{2}`;
const DATE_RE = new RegExp(`^${DATE_PART}(?: ${TIME_PART})?$`);
const TIME_RE = new RegExp(`^(?:${DATE_PART} )?${TIME_PART}$`);

function checkOne(type: KeywordType | null, value: string): string | null {
  const n = chars(value).length;
  if (n === 0 || value.trim() === '') return '不能为空';
  const within = (max: number): string | null => (n > max ? `超过${max}个字符` : null);
  const ranged = (re: RegExp): boolean => value.split('~').every((part) => re.test(part.trim()));
  switch (type) {
    case null:
      return '无法识别的关键词类型';
    case 'thing':
      return within(20);
    case 'number':
      return /^-?\d+(?:\.\d+)?$/.test(value) ? within(32) : '只能是数字';
    case 'letter':
      return /^[A-Za-z]+$/.test(value) ? within(32) : '只能是字母';
    case 'symbol':
      return /^[^\p{L}\p{N}\s]+$/u.test(value) ? within(5) : '只能是符号';
    case 'character_string':
      return /^[\x20-\x7e]+$/.test(value) ? within(32) : '只能是数字、字母或符号';
    case 'phone_number':
      return /^[0-9+\-() ]+$/.test(value) ? within(17) : '只能是电话号码';
    case 'amount':
      return /^[¥$]?\d{1,12}(?:\.\d+)?元?$/.test(value) ? null : '只能是金额';
    case 'car_number':
      return within(8);
    case 'phrase':
      return /^[\u3400-\u9fff]+$/u.test(value) ? within(5) : '只能是汉字';
    case 'name':
      if (/^[\u3400-\u9fff]+$/u.test(value)) return within(10);
      return /^[A-Za-z\p{P}\p{S}]+$/u.test(value) ? within(20) : '只能是纯汉字或纯字母';
    case 'date':
      return ranged(DATE_RE) ? null : '不是“2026年3月31日”这样的日期';
    case 'time':
      return ranged(TIME_RE) ? null : '不是“2026年3月31日 15:01”这样的时间';
  }
}

/** Every rule the data breaks (empty when WeChat would accept it). */
export function checkMessageData(data: OutgoingMessage['data']): DataViolation[] {
  const out: DataViolation[] = [];
  for (const [field, { value }] of Object.entries(data)) {
    const type = keywordType(field);
    const problem = checkOne(type, value ?? '');
    if (problem) out.push({ field, type, value, problem });
  }
  return out;
}

/** Problems in a template setting an administrator should fix (unknown keyword types or value names, no fields). */
export function checkTemplateSetting(setting: TemplateSetting): string[] {
  const problems: string[] = [];
  if (!setting.templateId.trim()) problems.push('模板 ID 不能为空');
  if (setting.fields.length === 0) problems.push('至少需要一个字段');
  for (const f of setting.fields) {
    if (!keywordType(f.key)) problems.push(`字段 ${f.key} 的关键词类型无法识别`);
    if (!(VALUE_NAMES as readonly string[]).includes(f.value))
      problems.push(`字段 ${f.key} 的取值 ${f.value} 无法识别`);
  }
  return problems;
}

/** WeChat's value rule of each keyword type (订阅消息参数值内容限制), as an administrator reads it. */
export const KEYWORD_RULES: Record<KeywordType, string> = {
  thing: '20个以内字符（汉字、数字、字母或符号）',
  number: '32位以内数字，可带小数',
  letter: '32位以内字母',
  symbol: '5位以内符号',
  character_string: '32位以内数字、字母或符号',
  time: '24小时制时间，如“2026年3月31日 15:01”',
  date: '日期，如“2026年3月31日”',
  amount: '金额：12位以内数字，可带小数，结尾可带“元”',
  phone_number: '17位以内数字或符号（电话号码）',
  car_number: '8位以内车牌号',
  name: '10个以内纯汉字，或20个以内纯字母或符号',
  phrase: '5个以内纯汉字',
};

/** One field of a template preview: what WeChat would receive and whether it keeps WeChat's rule. */
export interface TemplatePreviewField {
  key: string;
  type: KeywordType | null;
  /** WeChat's rule for the type; null when the type is not one WeChat knows. */
  rule: string | null;
  valueName: string;
  value: string;
  /** What breaks the rule, or null. */
  problem: string | null;
}

/**
 * A template setting tried on a message context: each field as it would be sent (buildMessage), each checked
 * against WeChat's rule for its keyword type (checkMessageData), and the setting's own problems
 * (checkTemplateSetting) — the same functions the reminder pass and updateSettings use.
 */
export function previewTemplateSetting(
  kind: MessageKind,
  context: MessageContext,
  template: TemplateSetting,
  user: MessageRecipient,
): { fields: TemplatePreviewField[]; problems: string[] } {
  const message = buildMessage(kind, context, template, user);
  const violations = new Map(checkMessageData(message.data).map((v) => [v.field, v.problem]));
  const fields = template.fields.map((f): TemplatePreviewField => {
    const type = keywordType(f.key);
    const known = (VALUE_NAMES as readonly string[]).includes(f.value);
    return {
      key: f.key,
      type,
      rule: type ? KEYWORD_RULES[type] : null,
      valueName: f.value,
      value: message.data[f.key]?.value ?? '',
      problem: type ? (known ? (violations.get(f.key) ?? null) : `取值 ${f.value} 无法识别`) : '关键词类型无法识别',
    };
  });
  return { fields, problems: checkTemplateSetting(template) };
}

/** The recipient of a message. */
export interface MessageRecipient {
  principal: string;
  name: string | null;
}

/**
 * The message for one recipient exactly as it is sent: the template's fields filled from the context under
 * WeChat's rules, opening the task's page.
 */
export function buildMessage(
  kind: MessageKind,
  context: MessageContext,
  template: Frozen<TemplateSetting>,
  user: MessageRecipient,
): OutgoingMessage {
  const data: OutgoingMessage['data'] = {};
  for (const field of template.fields) {
    const type = keywordType(field.key);
    const name = field.value as ValueName;
    const raw = rawValue(field.value, kind, context, user.name);
    const fallback = name === 'status' ? statusWord(kind, context) : (FALLBACK[name] ?? TITLES[kind]);
    data[field.key] = { value: formatValue(type, raw, fallback, context.at) };
  }
  return {
    key: context.key,
    kind,
    touser: user.principal,
    templateId: template.templateId,
    page: taskPage(context.taskId),
    data,
  };
}
