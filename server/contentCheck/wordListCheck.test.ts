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

describe('the word check looks through disguises (core/text/clean.ts foldForCheck)', () => {
  const check = wordListCheck(['代开发票']);
  it.each([
    '可以代\u200b开\u200b发\u200b票',
    '代\u00ad开\u00ad发\u00ad票',
    '代-开-发-票',
    '代，开，发，票',
    '代開發票',
    '代<i>开</i>发<i>票</i>',
  ])('%j is risky', async (t) => {
    expect(await check.checkText(t, 'p1')).toBe('risky');
  });
  it('a word written in traditional characters in the list matches its simplified form too', async () => {
    expect(await wordListCheck(['網絡賭博']).checkText('网络赌博', 'p1')).toBe('risky');
  });
});
