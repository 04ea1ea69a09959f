import HtmlWebpackPlugin from 'html-webpack-plugin';
import type { Compiler } from 'webpack';

/**
 * The h5 build loads each page as its own chunk (the router's `import()`), so a visit used to fetch in waves:
 * the app's scripts, then the launch page's chunk, then (after `me`) the home page's chunk. This plugin adds
 * `<link rel="preload">` to index.html for the chunks (JS and CSS) of the pages named here, so the browser
 * requests them together with the app's own scripts. The pages are the launch page and the homes of the roles
 * that open the app every day (see `homeFor` in src/session): `preload` ones at once, `prefetch` ones when the
 * browser is idle (so they do not slow down the others' first screen, and are there when that role comes).
 * The `preload` pages' CSS is linked as a stylesheet outright rather than preloaded: the snapshot of the task list
 * that index.html shows before the app runs (config/earlyRequests.ts) is drawn with it, and the chunk loader finds
 * the link already there instead of adding a second one.
 */
export class PreloadPagesPlugin {
  constructor(private readonly pages: { preload: string[]; prefetch: string[] }) {}

  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap('PreloadPagesPlugin', (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap('PreloadPagesPlugin', (data) => {
        const publicPath = data.publicPath;
        const filesOf = (pages: string[]) => {
          const files = new Set<string>();
          for (const group of compilation.chunkGroups) {
            if (!group.origins.some((o) => pages.includes(o.request?.replace(/^\.\//, '') ?? ''))) continue;
            for (const chunk of group.chunks) {
              // the app's own chunks are in index.html already
              if (chunk.canBeInitial()) continue;
              for (const f of chunk.files) if (/\.(js|css)$/.test(f)) files.add(f);
            }
          }
          return files;
        };
        const preload = filesOf(this.pages.preload);
        const prefetch = [...filesOf(this.pages.prefetch)].filter((f) => !preload.has(f));
        const link = (rel: 'preload' | 'prefetch', f: string) => ({
          tagName: 'link',
          voidTag: true,
          meta: { plugin: 'PreloadPagesPlugin' },
          attributes:
            rel === 'preload' && f.endsWith('.css')
              ? { rel: 'stylesheet', href: publicPath + f }
              : { rel, as: f.endsWith('.css') ? 'style' : 'script', href: publicPath + f },
        });
        data.headTags.push(
          ...[...preload].sort().map((f) => link('preload', f)),
          ...prefetch.sort().map((f) => link('prefetch', f)),
        );
        return data;
      });
    });
  }
}
