import path from 'path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';
import { EarlyRequestsPlugin } from './earlyRequests';
import { PreloadPagesPlugin } from './preloadPages';

/**
 * Pages whose chunks index.html asks for with the app's scripts: the launch page and the contacts' task list (most
 * users). Nothing is prefetched: on a slow link Chromium fetches prefetches beside the rest and they take the
 * bandwidth the first screen needs (measured by bench:web).
 */
const PRELOAD_PAGES = { preload: ['pages/index/index', 'pages/tasks/index'], prefetch: [] };

/**
 * One Taro app, two front ends: `--type weapp` builds the mini program into dist/ (the WeChat IDE opens the
 * repository root, see project.config.json); `--type h5` builds the browser app into dist-h5/, served by server/.
 * DUBAN_API_BASE (optional, weapp) points the mini program at an HTTPS server instead of the cloud function.
 */
/**
 * A weapp build talks to CloudBase unless DUBAN_API_BASE is set, and `wx.cloud.init` needs the environment id
 * (WeChat documents `env` as required): without either the build stops, naming the variable.
 */
export function checkWeappEnv(env: NodeJS.ProcessEnv): void {
  if (env.TARO_ENV !== 'weapp') return;
  if (env.DUBAN_API_BASE || env.DUBAN_CLOUD_ENV) return;
  throw new Error(
    'DUBAN_CLOUD_ENV is not set: a weapp build needs the CloudBase environment id (DUBAN_CLOUD_ENV=<env id> npm run build:weapp), ' +
      'or DUBAN_API_BASE=https://… to use a self-hosted server instead.',
  );
}

export default defineConfig<'webpack5'>(async (merge) => {
  const isH5 = process.env.TARO_ENV === 'h5';
  checkWeappEnv(process.env);
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'duban',
    date: '2026-11-24',
    // Everything, NutUI included, is designed at 375 px wide.
    designWidth: 375,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist-h5' : 'dist',
    plugins: ['@tarojs/plugin-html'],
    defineConstants: {
      DUBAN_API_BASE: JSON.stringify(process.env.DUBAN_API_BASE ?? ''),
      DUBAN_CLOUD_ENV: JSON.stringify(process.env.DUBAN_CLOUD_ENV ?? ''),
    },
    // WeChat indexes every page for its search unless told not to: an internal tool ships a sitemap disallowing all.
    copy: { patterns: isH5 ? [] : [{ from: 'src/sitemap.json', to: 'dist/sitemap.json' }], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    alias: { '@': path.resolve(__dirname, '..', 'src'), '@core': path.resolve(__dirname, '..', 'core') },
    mini: {
      // core/ runs in the app too (core/subscribe.ts: which tap asks for which subscriptions).
      compile: { include: [path.resolve(__dirname, '..', 'core')] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      optimizeMainPackage: { enable: true },
      // Components import their own CSS in whatever order pages use them; the order does not matter here.
      miniCssExtractPluginOption: { ignoreOrder: true },
    },
    h5: {
      compile: { include: [path.resolve(__dirname, '..', 'core')] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      esnextModules: ['nutui-react'],
      webpackChain(chain) {
        chain.plugin('preloadPages').use(PreloadPagesPlugin, [PRELOAD_PAGES]);
        chain.plugin('earlyRequests').use(EarlyRequestsPlugin, [process.env.DUBAN_API_BASE ?? '']);
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
