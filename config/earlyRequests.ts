import HtmlWebpackPlugin from 'html-webpack-plugin';
import type { Compiler } from 'webpack';

/**
 * A returning official's first two requests sent by index.html itself (h5): a few lines of plain script first in
 * the page's head send `me` and, when the last session's home was the task list (or is not known), the list's
 * first page, as soon as the HTML is parsed, so they travel while the browser reads and runs the app's scripts
 * instead of after them (on a slow phone the scripts take about as long as a round trip). The app's start
 * (src/session/prefetch.ts) takes the answers through `takeEarly` (src/api/transport.ts) when the token and the
 * body are the ones it would send itself, and asks as before otherwise, so a key below that drifted from the app's
 * only costs the head start (and fails the e2e flow `returningUser`, which checks the answers are taken).
 * When the last session's home was the task list and the address names no page, the script also opens the app on
 * the task list itself instead of the launch page (which would only wait for `me` and redirect there): the
 * session (src/session/index.tsx) sends the official on to binding or to another home if `me` says otherwise.
 * Only this file of config/ may be read by the build's config loader, which compiles nothing outside config/.
 */
const EARLY = {
  /** src/api/earlyRequests.ts EARLY_GLOBAL */
  global: '__dubanEarly',
  /** src/api/token.ts; Taro keeps `{"data": value}` in localStorage */
  tokenKey: 'duban.token',
  /** src/session/prefetch.ts HOME_KEY, TASKS_PAGE, FIRST_TASKS_PAGE */
  homeKey: 'duban.home',
  tasksPage: '/pages/tasks/index',
  firstTasksPage: { page: 1, pageSize: 20 },
};

/** The script (`apiBase` as the app's DUBAN_API_BASE: '' for the same origin). */
export function earlyRequestsScript(apiBase: string): string {
  const s = JSON.stringify;
  return `(function(){try{
var read=function(k){var v=localStorage.getItem(k);return v?JSON.parse(v).data:''};
var token=read(${s(EARLY.tokenKey)});if(!token||typeof fetch!=='function')return;
var home=read(${s(EARLY.homeKey)});var sent={};
var ask=function(a,p){var body=JSON.stringify(p);sent[a]={body:body,response:fetch(${s(apiBase)}+'/api/'+a,{method:'POST',headers:{'content-type':'application/json',Authorization:'Bearer '+token},body:body})};sent[a].response.catch(function(){})};
ask('me',{});if(!home||home===${s(EARLY.tasksPage)})ask('listMyTasks',${s(EARLY.firstTasksPage)});
var entered=home===${s(EARLY.tasksPage)}&&['','#','#/'].indexOf(location.hash)>=0;
if(entered)history.replaceState(history.state,'','#'+${s(EARLY.tasksPage)});
window[${s(EARLY.global)}]={token:token,sent:sent,entered:entered};
}catch(e){}})();`;
}

/** Puts the script first in index.html's head, before any script or preload. */
export class EarlyRequestsPlugin {
  constructor(private readonly apiBase: string) {}

  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap('EarlyRequestsPlugin', (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap('EarlyRequestsPlugin', (data) => {
        data.headTags.unshift({
          tagName: 'script',
          voidTag: false,
          meta: { plugin: 'EarlyRequestsPlugin' },
          attributes: {},
          innerHTML: earlyRequestsScript(this.apiBase),
        });
        return data;
      });
    });
  }
}
