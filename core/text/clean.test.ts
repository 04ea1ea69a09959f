import { cleanInput, foldForCheck } from './clean';

describe('foldForCheck: the form the content check compares', () => {
  const variants = [
    '代开发票',
    '代\u200b开\u200c发\u200d票', // zero-width space / non-joiner / joiner
    '代\u00ad开\u00ad发\u00ad票', // soft hyphens
    '代\ufeff开\u2060发\u202e票', // BOM, word joiner, bidi override
    '代-开-发-票',
    '代，开，发，票',
    '代 . 开 · 发 / 票',
    '代開發票', // traditional
    '代<b>开</b>发<span class="x">票</span>', // tags between characters
    '代　开　发　票', // ideographic spaces
    'ＤＫＦＰ代开发票', // full width latin before it
  ];
  it.each(variants)('folds %j so that 代开发票 is found', (v) => {
    expect(foldForCheck(v)).toContain('代开发票');
  });

  it('leaves an ordinary sentence readable as the same characters', () => {
    expect(foldForCheck('已完成清单梳理，共 128 项。')).toBe('已完成清单梳理共128项');
  });
});

describe('cleanInput: every payload string before its schema', () => {
  it('removes format characters, so a text of only zero-width characters is empty', () => {
    expect(cleanInput({ text: '\u200b\u200c\u200d\ufeff', list: ['a\u00adb'] })).toEqual({ text: '', list: ['ab'] });
  });

  it('refuses a lone surrogate with BAD_INPUT naming the field', () => {
    expect(() => cleanInput({ message: 'ok\ud800' })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => cleanInput({ message: 'ok\ud800' })).toThrow(/message/);
    expect(() => cleanInput({ message: '\udc00x' })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('keeps whole surrogate pairs (emoji) and non-strings as they are', () => {
    expect(cleanInput({ t: '好👍', n: 3, b: true, z: null })).toEqual({ t: '好👍', n: 3, b: true, z: null });
  });
});
