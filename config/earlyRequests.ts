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
 * The first cards before the app (issue 14): when the app was opened on the task list this way and the last visit
 * left a snapshot of the list (src/lib/earlyView.ts writes it: the app's own rendered page and the styles Taro put
 * in the page, for the same token, the same build and the same Beijing day), a second script at the end of the
 * body shows it at once, above where the app will draw, and starts the app's scripts only after that frame is
 * painted (scripts that are already cached would otherwise run first: the browser paints after them). The app
 * takes it away (`release`) when its own list is drawn in the same place. Until then a tap on a card is kept and
 * the app opens that task when it takes over; the other controls do nothing. A `me` answer that is not a success
 * takes the cards away and forgets the snapshot at once, before the app has started.
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
  /** src/lib/earlyView.ts SNAPSHOT_KEY; the element ids are only used here and by `release` below */
  snapshotKey: 'duban.tasksSnapshot',
  viewId: 'duban-early',
  styleId: 'duban-early-style',
};

/** The script (`apiBase` as the app's DUBAN_API_BASE: '' for the same origin; `build` names the app's scripts). */
export function earlyRequestsScript(apiBase: string, build = ''): string {
  const s = JSON.stringify;
  return `(function(){try{
var sent={};window[${s(EARLY.global)}]={token:'',sent:sent,entered:false,build:${s(build)}};
var read=function(k){var v=localStorage.getItem(k);return v?JSON.parse(v).data:''};
var token=read(${s(EARLY.tokenKey)});if(!token||typeof fetch!=='function')return;
var home=read(${s(EARLY.homeKey)});
var ask=function(a,p){var body=JSON.stringify(p);sent[a]={body:body,response:fetch(${s(apiBase)}+'/api/'+a,{method:'POST',headers:{'content-type':'application/json',Authorization:'Bearer '+token},body:body})};sent[a].response.catch(function(){})};
ask('me',{});if(!home||home===${s(EARLY.tasksPage)})ask('listMyTasks',${s(EARLY.firstTasksPage)});
var entered=home===${s(EARLY.tasksPage)}&&['','#','#/'].indexOf(location.hash)>=0;
if(entered)history.replaceState(history.state,'','#'+${s(EARLY.tasksPage)});
window[${s(EARLY.global)}]={token:token,sent:sent,entered:entered,build:${s(build)}};
}catch(e){}})();`;
}

/**
 * The script at the end of the body: the snapshot of the task list when there is one for this visit, then the
 * app's scripts (in their order, as `defer` kept them), after the snapshot's first frame or at once.
 */
export function earlyViewScript(build: string, scripts: string[]): string {
  const s = JSON.stringify;
  return `(function(){var shown=false;var early=window[${s(EARLY.global)}];try{
if(early&&early.entered&&early.build===${s(build)}){
var v=localStorage.getItem(${s(EARLY.snapshotKey)});var snap=v?JSON.parse(v).data:null;
if(snap&&snap.token===early.token&&snap.build===early.build&&snap.until>Date.now()&&typeof snap.html==='string'){
var st=document.createElement('style');st.id=${s(EARLY.styleId)};st.textContent=snap.css||'';document.head.appendChild(st);
var d=document.createElement('div');d.id=${s(EARLY.viewId)};d.setAttribute('aria-busy','true');
d.style.cssText='position:fixed;top:0;left:0;right:0;bottom:0;z-index:5000;overflow:hidden;background:#fff';
d.innerHTML=snap.html;document.body.insertBefore(d,document.body.firstChild);
var ins=d.getElementsByTagName('input');for(var i=0;i<ins.length;i++){ins[i].readOnly=true;ins[i].tabIndex=-1}
d.addEventListener('click',function(e){var c=e.target&&e.target.closest?e.target.closest('[data-task]'):null;if(c)early.open=c.getAttribute('data-task')});
early.release=function(){early.release=function(){};if(d.parentNode)d.parentNode.removeChild(d);if(st.parentNode)st.parentNode.removeChild(st)};
var me=early.sent.me;if(me)me.response.then(function(r){if(!r.ok){localStorage.removeItem(${s(EARLY.snapshotKey)});early.open=null;early.release()}},function(){});
setTimeout(function(){early.release()},30000);shown=true;
}}}catch(e){}
var load=function(){${s(scripts)}.forEach(function(src){var e=document.createElement('script');e.src=src;e.async=false;document.head.appendChild(e)})};
if(shown)requestAnimationFrame(function(){setTimeout(load,0)});else load();
})();`;
}

/**
 * Puts the early-requests script first in index.html's head, before any script or preload, and moves the app's
 * scripts from `<script defer>` in the head to the early-view script at the end of the body (with a preload in
 * the head for each, so they are still fetched from the start).
 */
export class EarlyRequestsPlugin {
  constructor(private readonly apiBase: string) {}

  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap('EarlyRequestsPlugin', (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap('EarlyRequestsPlugin', (data) => {
        const isApp = (t: HtmlWebpackPlugin.HtmlTagObject) =>
          t.tagName === 'script' && typeof t.attributes.src === 'string';
        const scripts = [...data.headTags, ...data.bodyTags].filter(isApp).map((t) => String(t.attributes.src));
        // the build is named by its scripts, whose names carry their content's hash
        const build = scripts.join(' ');
        data.headTags = data.headTags.filter((t) => !isApp(t));
        data.bodyTags = data.bodyTags.filter((t) => !isApp(t));
        data.headTags.unshift(
          {
            tagName: 'script',
            voidTag: false,
            meta: { plugin: 'EarlyRequestsPlugin' },
            attributes: {},
            innerHTML: earlyRequestsScript(this.apiBase, build),
          },
          ...scripts.map((src) => ({
            tagName: 'link',
            voidTag: true,
            meta: { plugin: 'EarlyRequestsPlugin' },
            attributes: { rel: 'preload', as: 'script', href: src },
          })),
        );
        data.bodyTags.push({
          tagName: 'script',
          voidTag: false,
          meta: { plugin: 'EarlyRequestsPlugin' },
          attributes: {},
          innerHTML: earlyViewScript(build, scripts),
        });
        return data;
      });
    });
  }
}
