import Taro from '@tarojs/taro';
import type { MeView } from '../../core/api/contract';
import { api } from '../api';

export interface SubscribeOutcome {
  /** How many templates the official accepted this time (each acceptance is one more message WeChat allows). */
  accepted: number;
  /** Credits after recording, by template id. */
  credits: Record<string, number>;
}

/**
 * Asks WeChat to let the app send reminders (one-time subscriptions), and records the answer as credits.
 * Must be called synchronously inside a tap: WeChat shows its popup only then. Elsewhere (the browser, long-term
 * templates, no templates configured) there is nothing to ask and it resolves to null.
 */
export function askToSubscribe(me: MeView): Promise<SubscribeOutcome | null> {
  if (process.env.TARO_ENV !== 'weapp' || me.longTermTemplates) return Promise.resolve(null);
  const tmplIds = me.subscribeTemplateIds.slice(0, 3);
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
