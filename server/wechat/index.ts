/**
 * The self-hosted runtime's WeChat, when the deployment gives it (DUBAN_WECHAT_APPID, DUBAN_WECHAT_SECRET, and
 * DUBAN_WECHAT_API for another base address): one WeChatApi (one token cache) shared by the Messenger, the content
 * check and the login-code binding. Without the settings the server keeps its outbox and its word list.
 */
import { WeChatApi, wechatConfigFromEnv, type WeChatConfig } from './api';
import { WeChatContentCheck } from './contentCheck';
import { WeChatMessenger, type MiniprogramState } from './messenger';

export { WeChatApi, wechatConfigFromEnv, DEFAULT_WECHAT_API } from './api';
export { WeChatMessenger } from './messenger';
export { WeChatContentCheck } from './contentCheck';

export interface WeChatServices {
  api: WeChatApi;
  messenger: WeChatMessenger;
  contentCheck: WeChatContentCheck;
}

export function miniprogramStateOf(value: string | undefined): MiniprogramState {
  return value === 'developer' || value === 'trial' ? value : 'formal';
}

export function wechatServices(config: WeChatConfig, state: MiniprogramState = 'formal'): WeChatServices {
  const api = new WeChatApi(config);
  return { api, messenger: new WeChatMessenger(api, state), contentCheck: new WeChatContentCheck(api) };
}

/** The services from the environment, or null when it has no WeChat settings. */
export function wechatFromEnv(env: Record<string, string | undefined> = process.env): WeChatServices | null {
  const config = wechatConfigFromEnv(env);
  return config ? wechatServices(config, miniprogramStateOf(env.DUBAN_MINIPROGRAM_STATE)) : null;
}
