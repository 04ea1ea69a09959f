/**
 * The ContentCheck port on WeChat's `security.msgSecCheck` v2 (scene 2: comments/reports others read).
 * Reads `result.suggest` (pass / review / risky). Texts over 2500 characters are checked in parts; the worst
 * verdict counts. When WeChat cannot be asked, the text is not let through: the caller is told to try again.
 */
import { unavailable } from '../../../core/errors';
import type { ContentCheck, ContentVerdict } from '../../../core/ports/contentCheck';
import { errCodeOf, errTextOf, type CloudSdk } from './cloud';

const MAX_CHARS = 2500;
const RANK: Record<ContentVerdict, number> = { pass: 0, review: 1, risky: 2 };

export class CloudContentCheck implements ContentCheck {
  constructor(
    private readonly cloud: Pick<CloudSdk, 'openapi'>,
    private readonly log: (message: string) => void = (m) => console.error(m),
  ) {}

  async checkText(text: string, principal: string): Promise<ContentVerdict> {
    const chars = [...text.trim()];
    if (chars.length === 0) return 'pass';
    let worst: ContentVerdict = 'pass';
    for (let i = 0; i < chars.length; i += MAX_CHARS) {
      const content = chars.slice(i, i + MAX_CHARS).join('');
      let suggest: string | undefined;
      try {
        const res = await this.cloud.openapi.security.msgSecCheck({ version: 2, openid: principal, scene: 2, content });
        if (res.errCode) throw res;
        suggest = res.result?.suggest;
      } catch (e) {
        this.log(`msgSecCheck failed: ${errCodeOf(e) ?? ''} ${errTextOf(e)}`);
        throw unavailable('内容安全检查');
      }
      const verdict: ContentVerdict = suggest === 'risky' ? 'risky' : suggest === 'review' ? 'review' : 'pass';
      if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') {
        this.log(`msgSecCheck answered an unknown suggest: ${String(suggest)}`);
        throw unavailable('内容安全检查');
      }
      if (RANK[verdict] > RANK[worst]) worst = verdict;
    }
    return worst;
  }
}
