/**
 * The ContentCheck port on WeChat's server API: `POST /wxa/msg_sec_check?access_token=…` (msgSecCheck v2, scene 2),
 * with the same verdict rules as the CloudBase check (core's msgSecCheckVerdict: parts of 2500 characters, the worst
 * `suggest` counts). v2 needs the author's openid: on a server bound through `wx.login` the principal is the openid.
 * When WeChat cannot be asked, the text is not let through: the caller is told to try again.
 */
import { unavailable } from '../../core/errors';
import { msgSecCheckVerdict, type ContentCheck, type ContentVerdict } from '../../core/ports/contentCheck';
import type { WeChatApi } from './api';

export class WeChatContentCheck implements ContentCheck {
  constructor(
    private readonly api: WeChatApi,
    private readonly log: (message: string) => void = (m) => console.error(m),
  ) {}

  async checkText(text: string, principal: string): Promise<ContentVerdict> {
    try {
      return await msgSecCheckVerdict(text, async (content) => {
        const answer = await this.api.call('/wxa/msg_sec_check', { content, version: 2, scene: 2, openid: principal });
        if (answer.errcode) throw new Error(`msg_sec_check ${answer.errcode} ${answer.errmsg ?? ''}`);
        const result = answer.result as { suggest?: string } | undefined;
        return result?.suggest;
      });
    } catch (e) {
      this.log(`msgSecCheck failed: ${(e as Error).message}`);
      throw unavailable('内容安全检查');
    }
  }
}
