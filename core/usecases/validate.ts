/**
 * Turns a zod failure into a BAD_INPUT DubanError whose Chinese sentence names the field and says what is wrong.
 */
import type { ZodError, ZodIssue } from 'zod';
import { badInput as badInputError, type DubanError } from '../errors';

/** The words users know for the fields of the contract. */
const FIELD_LABELS: Record<string, string> = {
  code: '邀请码',
  name: '姓名',
  light: '灯色',
  role: '角色',
  stage: '工作阶段',
  q: '搜索词',
  page: '页码',
  pageSize: '每页条数',
  taskId: '任务',
  assignmentId: '任务分配',
  assignmentIds: '任务分配',
  requestId: '请求编号',
  text: '汇报内容',
  photos: '照片',
  percent: '完成百分比',
  claimDone: '申请办结',
  reportId: '汇报',
  decision: '审核结论',
  reason: '理由',
  newDue: '新的完成时间',
  extensionId: '延期申请',
  approve: '是否同意',
  note: '说明',
  message: '催办内容',
  fileName: '文件名',
  base64: '文件内容',
  fileId: '文件',
  previewId: '导入预览',
  unitMappings: '单位对应关系',
  createUnknown: '新建未知单位',
  id: '编号',
  aliases: '别名',
  kind: '类别',
  targetId: '单位或集合',
  alias: '别名',
  groupId: '集合',
  members: '成员单位',
  keepUnitIds: '保留的单位',
  unitId: '单位',
  ttlDays: '有效天数',
  yellowDays: '临期天数',
  reminderOffsets: '提醒提前天数',
  overdueEveryDays: '逾期提醒间隔天数',
  periodicReportDay: '定期汇报日',
  periodicRemindDaysBefore: '定期汇报提前提醒天数',
  sendFromHour: '发送开始时间',
  sendToHour: '发送结束时间',
  longTermTemplates: '长期订阅模板',
  templates: '消息模板',
  templateId: '模板编号',
  fields: '模板字段',
  key: '字段名',
  value: '字段取值',
  results: '订阅结果',
};

function fieldName(path: (string | number)[]): string {
  const named = [...path].reverse().find((p): p is string => typeof p === 'string');
  const label = named ? (FIELD_LABELS[named] ?? named) : '请求内容';
  const where = path.length ? `（${path.join('.')}）` : '';
  return `「${label}」${where}`;
}

function problem(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined') return '必须填写';
      return issue.expected === 'integer' ? '必须是整数' : '格式不对';
    case 'too_big':
      if (issue.type === 'string') return `不能超过 ${issue.maximum} 个字`;
      if (issue.type === 'array') return `最多 ${issue.maximum} 项`;
      return `不能大于 ${issue.maximum}`;
    case 'too_small':
      if (issue.type === 'string') return Number(issue.minimum) <= 1 ? '不能为空' : `至少 ${issue.minimum} 个字`;
      if (issue.type === 'array') return `至少 ${issue.minimum} 项`;
      return `不能小于 ${issue.minimum}`;
    case 'invalid_enum_value':
      return `只能是 ${issue.options.join('、')} 之一`;
    case 'invalid_literal':
      return `只能是 ${String(issue.expected)}`;
    case 'unrecognized_keys':
      return `含有不认识的内容：${issue.keys.join('、')}`;
    case 'invalid_string':
    case 'custom':
      return issue.message && !/^Invalid/.test(issue.message) ? issue.message : '格式不对';
    default:
      return '格式不对';
  }
}

export function badInput(error: ZodError): DubanError {
  const issue = error.issues[0];
  const message = issue
    ? `${fieldName(issue.path)}${problem(issue)}，请修改后重试。`
    : '请求内容格式不对，请修改后重试。';
  return badInputError(message, {
    issues: error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })),
  });
}
