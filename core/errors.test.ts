import * as errors from './errors';
import { DubanError, INTERNAL_MESSAGE } from './errors';

/** Every factory with a sample argument list, and the code it must give. */
const FACTORIES: [keyof typeof errors, unknown[], errors.ErrorCode][] = [
  ['notFound', ['这项任务'], 'NOT_FOUND'],
  ['notBound', [], 'NOT_BOUND'],
  ['notAllowed', [], 'FORBIDDEN'],
  ['outOfScope', [], 'FORBIDDEN'],
  ['forbidden', ['文件链接已过期，请回到任务页面重新打开。'], 'FORBIDDEN'],
  ['conflict', ['这份延期申请已经审批过了。'], 'CONFLICT'],
  ['badInput', ['「任务」不能为空，请修改后重试。'], 'BAD_INPUT'],
  ['internal', [], 'INTERNAL'],
  ['misconfigured', ['单位名录是空的。'], 'INTERNAL'],
  ['unauthenticated', [], 'UNAUTHENTICATED'],
  ['unknownAction', [], 'UNKNOWN_ACTION'],
  ['postOnly', [], 'UNKNOWN_ACTION'],
  ['fileTooLarge', [10], 'FILE_TOO_LARGE'],
  ['fileType', ['只能上传照片。'], 'FILE_TYPE'],
  ['emptyFile', ['photo'], 'FILE_TYPE'],
  ['emptyFile', ['document'], 'IMPORT_EMPTY'],
  ['rateLimited', [15], 'RATE_LIMITED'],
  ['inviteRefused', ['expired'], 'INVITE_EXPIRED'],
  ['wrongCode', ['登记码不对。'], 'INVITE_INVALID'],
  ['importFailed', ['IMPORT_NO_TASKS', '文件中没有找到任务。'], 'IMPORT_NO_TASKS'],
  ['contentRejected', ['汇报内容'], 'CONTENT_REJECTED'],
  ['photoTooLarge', [25], 'FILE_TOO_LARGE'],
  ['sessionExpired', [30], 'UNAUTHENTICATED'],
  ['sessionRevoked', [], 'UNAUTHENTICATED'],
  ['userRemoved', [], 'USER_REMOVED'],
];

describe('named error factories', () => {
  it.each(FACTORIES)('%s gives its code, a Chinese sentence, and addresses the user as 您', (name, args, code) => {
    const e = (errors[name] as (...a: unknown[]) => DubanError)(...args);
    expect(e).toBeInstanceOf(DubanError);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    expect(e.message).not.toContain('你');
  });

  it('one INTERNAL message, the cause kept for the log only', () => {
    const cause = new Error('disk full');
    const e = errors.internal({ action: 'me' }, cause);
    expect([e.message, e.status]).toEqual([INTERNAL_MESSAGE, 500]);
    expect((e as DubanError & { cause?: unknown }).cause).toBe(cause);
    expect(e.message).not.toContain('disk');
  });

  it('a wrong file type is 415 with FILE_TYPE; too large is 413', () => {
    expect([errors.fileType('x').status, errors.fileTooLarge(10).status]).toEqual([415, 413]);
  });

  it('one wording per kind: the record or the remedy is the only part that varies', () => {
    expect(errors.notFound('这条汇报').message).toBe('找不到这条汇报，可能已被调整或删除，请刷新后重试。');
    expect(errors.notFound('这个文件', undefined, '请重新上传').message).toBe('找不到这个文件，请重新上传。');
    expect(errors.notAllowed().message).toBe(errors.notAllowed({ action: 'x' }).message);
  });
});
