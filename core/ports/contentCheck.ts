/** WeChat's text security check (msgSecCheck v2) or a local stand-in: what others may read. */
export type ContentVerdict = 'pass' | 'review' | 'risky';

export interface ContentCheck {
  checkText(text: string, principal: string): Promise<ContentVerdict>;
}

/** msgSecCheck v2 takes at most this many characters a call; longer texts are checked in parts. */
export const MSG_SEC_CHECK_MAX_CHARS = 2500;

const RANK: Record<ContentVerdict, number> = { pass: 0, review: 1, risky: 2 };

/**
 * The verdict of msgSecCheck v2 on a text, however it is asked (CloudBase's `openapi.security.msgSecCheck` or the
 * server API's `/wxa/msg_sec_check`): `askPart` checks one part and returns WeChat's `result.suggest`. The text is
 * cut into parts of at most 2500 characters and the worst verdict counts; an empty text passes. A `suggest` that
 * is not pass / review / risky is thrown as an Error for the adapter to turn into "try again".
 */
export async function msgSecCheckVerdict(
  text: string,
  askPart: (content: string) => Promise<string | undefined>,
): Promise<ContentVerdict> {
  const chars = [...text.trim()];
  let worst: ContentVerdict = 'pass';
  for (let i = 0; i < chars.length; i += MSG_SEC_CHECK_MAX_CHARS) {
    const suggest = await askPart(chars.slice(i, i + MSG_SEC_CHECK_MAX_CHARS).join(''));
    if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') {
      throw new Error(`msgSecCheck answered an unknown suggest: ${String(suggest)}`);
    }
    if (RANK[suggest] > RANK[worst]) worst = suggest;
  }
  return worst;
}
