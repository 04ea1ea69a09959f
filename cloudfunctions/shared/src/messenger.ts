/**
 * The Messenger port on `cloud.openapi.subscribeMessage.send`. WeChat's refusals are thrown by the SDK with
 * `errCode` (43101 no credit / refused, 47003 bad data, 40037 bad template, 41030 page not published …); they
 * become core's MessengerError(errCode) for the reminder pass to act on.
 * `miniprogramState` is 'formal' unless the deployment says otherwise (DUBAN_MINIPROGRAM_STATE=developer|trial
 * while the page is not in a published version, else WeChat answers 41030).
 */
import { MessengerError, throwOnSendError, type Messenger, type OutgoingMessage } from '../../../core/ports/messenger';
import { errCodeOf, errTextOf, type CloudSdk, type SubscribeMessageParams } from './cloud';
import { inPool } from './reminderBatch';

export type MiniprogramState = NonNullable<SubscribeMessageParams['miniprogramState']>;

export function miniprogramState(value: string | undefined): MiniprogramState {
  return value === 'developer' || value === 'trial' ? value : 'formal';
}

export class CloudMessenger implements Messenger {
  constructor(
    private readonly cloud: Pick<CloudSdk, 'openapi'>,
    private readonly state: MiniprogramState = 'formal',
  ) {}

  async send(message: OutgoingMessage): Promise<void> {
    let res: { errCode?: number; errMsg?: string };
    try {
      res = await this.cloud.openapi.subscribeMessage.send({
        touser: message.touser,
        templateId: message.templateId,
        page: message.page,
        data: message.data,
        miniprogramState: this.state,
        lang: 'zh_CN',
      });
    } catch (e) {
      throw new MessengerError(errCodeOf(e) ?? -1, errTextOf(e));
    }
    throwOnSendError(res);
  }

  /** A batch of the pass (claimed together): one call per message, as WeChat takes them, a few at a time. */
  sendMany(messages: OutgoingMessage[]): Promise<(Error | null)[]> {
    return inPool(
      messages.map(
        (m) => () =>
          this.send(m).then(
            () => null,
            (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
          ),
      ),
    );
  }
}
