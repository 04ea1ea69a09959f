/**
 * Binding through `wx.login` on the self-hosted server: the mini program built with DUBAN_API_BASE sends the
 * login code with `bind` (`loginCode`), the server asks WeChat's `code2session` for the user's openid, and the
 * openid becomes the principal (so reminders reach that user: `touser` is the openid). A refused code is a Chinese
 * sentence saying what to do; WeChat unreachable is "try again later".
 */
import { badInput, rateLimited, unavailable } from '../../core/errors';
import { WeChatTransportError, type WeChatApi } from './api';

/** The openid of a login code. */
export type WeChatLogin = (code: string) => Promise<string>;

export function wechatLogin(api: WeChatApi, log: (message: string) => void = (m) => console.error(m)): WeChatLogin {
  return async (code: string) => {
    if (!/^[\w-]{1,128}$/.test(code)) {
      throw badInput('微信登录凭证格式不对，请关闭小程序后重新打开再绑定。');
    }
    let answer;
    try {
      answer = await api.code2session(code);
    } catch (e) {
      if (e instanceof WeChatTransportError) {
        log(`code2session failed: ${e.message}`);
        throw unavailable('微信登录');
      }
      throw e;
    }
    if (answer.errcode || typeof answer.openid !== 'string' || !answer.openid) {
      log(`code2session refused: ${answer.errcode ?? ''} ${answer.errmsg ?? ''}`);
      if (answer.errcode === 45011) {
        throw rateLimited(1, '微信登录');
      }
      if (answer.errcode === 40029 || answer.errcode === 40163) {
        throw badInput('微信登录凭证已失效，请关闭小程序后重新打开再绑定。');
      }
      throw unavailable('微信登录');
    }
    return answer.openid;
  };
}
