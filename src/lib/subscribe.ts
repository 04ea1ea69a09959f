import Taro from '@tarojs/taro';
import type { MeView } from '../../core/api/contract';
import { subscribeTemplateIds, type SubscribeMoment } from '../../core/subscribe';
import { api } from '../api';

export interface SubscribeOutcome {
  /** How many templates the official accepted this time (each acceptance is one more message WeChat allows). */
  accepted: number;
  /** Credits after recording, by template id. */
  credits: Record<string, number>;
}

/**
 * The templates to ask for at this tap (core/subscribe.ts says which kinds each tap asks for): one-time templates
 * every time (each acceptance is one message); long-term templates (政务 mode) still need the official's one
 * acceptance, so only those not yet accepted.
 */
export function templatesToAsk(me: MeView, moment: SubscribeMoment): string[] {
  return subscribeTemplateIds(moment, me.subscribeTemplates ?? {}, me.credits, me.longTermTemplates);
}

/**
 * Asks WeChat to let the app send reminders, and records the answer (as credits: with long-term templates the
 * record only says the official subscribed). Must be called synchronously inside a tap: WeChat shows its popup
 * only then. Elsewhere (the browser, nothing left to ask) it resolves to null.
 */
export function askToSubscribe(me: MeView, moment: SubscribeMoment): Promise<SubscribeOutcome | null> {
  if (process.env.TARO_ENV !== 'weapp') return Promise.resolve(null);
  const tmplIds = templatesToAsk(me, moment);
  if (tmplIds.length === 0) return Promise.resolve(null);
  return Taro.requestSubscribeMessage({
    tmplIds,
    entityIds: [],
  } as unknown as Taro.requestSubscribeMessage.Option).then(async (res) => {
    const results: Record<string, string> = {};
    for (const id of tmplIds) {
      const r = (res as unknown as Record<string, unknown>)[id];
      if (typeof r === 'string') results[id] = r;
    }
    const accepted = Object.values(results).filter((r) => r === 'accept').length;
    const out = await api.recordSubscription({ results });
    return { accepted, credits: out.credits };
  });
}
