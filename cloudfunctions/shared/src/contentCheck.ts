/**
 * The ContentCheck port on WeChat's `security.msgSecCheck` v2 (scene 2: comments/reports others read).
 * Reads `result.suggest` (pass / review / risky). Texts over 2500 characters are checked in parts; the worst
 * verdict counts (core's msgSecCheckVerdict, shared with the self-hosted server's check). When WeChat cannot be
 * asked, the text is not let through: the caller is told to try again.
 */
import { unavailable } from '../../../core/errors';
import { msgSecCheckVerdict, type ContentCheck, type ContentVerdict } from '../../../core/ports/contentCheck';
import { errCodeOf, errTextOf, type CloudSdk } from './cloud';

export class CloudContentCheck implements ContentCheck {
  constructor(
    private readonly cloud: Pick<CloudSdk, 'openapi'>,
    private readonly log: (message: string) => void = (m) => console.error(m),
  ) {}

  async checkText(text: string, principal: string): Promise<ContentVerdict> {
    try {
      return await msgSecCheckVerdict(text, async (content) => {
        const res = await this.cloud.openapi.security.msgSecCheck({ version: 2, openid: principal, scene: 2, content });
        if (res.errCode) throw res;
        return res.result?.suggest;
      });
    } catch (e) {
      this.log(`msgSecCheck failed: ${errCodeOf(e) ?? ''} ${errTextOf(e)}`);
      throw unavailable('内容安全检查');
    }
  }
}
