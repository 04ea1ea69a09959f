import { loadWordListCheck, parseWordList, wordListCheck } from './wordListCheck';

describe('the local content check (stand-in for msgSecCheck)', () => {
  it('passes ordinary progress reports', async () => {
    const check = loadWordListCheck();
    expect(await check.checkText('已完成政务服务事项清单梳理，共 128 项，上报市政务服务中心。', 'p1')).toBe('pass');
  });

  it('flags a text containing a listed word, ignoring spaces and case', async () => {
    const check = loadWordListCheck();
    expect(await check.checkText('可以代 开 发票，联系电话……', 'p1')).toBe('risky');
    expect(await wordListCheck(['SPAM']).checkText('this is spam', 'p1')).toBe('risky');
  });

  it('reads one word a line and skips comments and blank lines', () => {
    expect(parseWordList('# 注释\n\n甲 乙\n丙\n')).toEqual(['甲乙', '丙']);
  });
});
