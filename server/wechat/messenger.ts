/**
 * The Messenger port on WeChat's server API: `POST /cgi-bin/message/subscribe/send?access_token=…` with
 * `touser`, `template_id`, `page`, `data: { key: { value } }`. WeChat's refusals become core's MessengerError with
 * the errcode (core's throwOnSendError, shared with the CloudBase messenger), so the reminder pass treats 43101,
 * 47003, 40003, 40037 exactly as on CloudBase. An expired token (40001) is refreshed once and retried by WeChatApi.
 * A WeChat that cannot be reached is a MessengerError(-1): retried by later passes.
 */
import { MessengerError, throwOnSendError, type Messenger, type OutgoingMessage } from '../../core/ports/messenger';
import { WeChatTransportError, type WeChatApi } from './api';

export type MiniprogramState = 'formal' | 'trial' | 'developer';

export class WeChatMessenger implements Messenger {
  constructor(
    private readonly api: WeChatApi,
    private readonly state: MiniprogramState = 'formal',
  ) {}

  async send(message: OutgoingMessage): Promise<void> {
    let answer: unknown;
    try {
      answer = await this.api.call('/cgi-bin/message/subscribe/send', {
        touser: message.touser,
        template_id: message.templateId,
        page: message.page,
        data: message.data,
        miniprogram_state: this.state,
        lang: 'zh_CN',
      });
    } catch (e) {
      if (e instanceof WeChatTransportError) throw new MessengerError(-1, e.message);
      throw e;
    }
    throwOnSendError(answer);
  }
}
