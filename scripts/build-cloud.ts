/**
 * `npm run build:cloud`: bundles each cloud function (cloudfunctions/<name>/src/index.ts, with core/ and the
 * CloudBase adapters) into one `cloudfunctions/<name>/index.js` for Node 16 (CommonJS), leaving `wx-server-sdk`
 * external: it is the only dependency in that folder's package.json, installed by the WeChat IDE's
 * "上传并部署：云端安装依赖". esbuild lowers the syntax to
 * what Node 16 runs (and fails on what it cannot lower); the bundle test (cloudfunctions/bundles.test.ts) loads
 * each bundle with the globals Node 17+ added taken away. Prints each bundle's size.
 *
 * The document and workbook libraries (exceljs with unzipper, jszip, mammoth, docx), exifr and the photo
 * processor's libraries (@jsquash/jpeg, pngjs, @resvg/resvg-wasm: cloudfunctions/shared/src/purePhotos.ts) are not in
 * `index.js`: the code loads them with `import()` where an import, the circular or a photo needs them, and the
 * build turns each such `import()` into a `require('./lib/<name>.js')` of a separate bundle beside it, so a cold
 * start (every call after an idle spell) reads only what every call needs. A function that takes photos also gets
 * their WebAssembly and the stamp font in lib/ (PHOTO_ASSET_FILES). `lib/` is uploaded with the function.
 *
 * OpenCC's traditional → simplified tables (opencc-js/t2cn, 191 KB, ~9 ms of CPU to evaluate: a quarter of the
 * bundle's own start) are imported statically by core/text/clean.ts, whose `simplified` builds its converter on the
 * first content check; the build answers that import with a stand-in whose `Converter` requires
 * `./lib/opencc-js.js` when it is first called (LAZY_ON_FIRST_CALL), so the tables too load only when a text is
 * checked.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { PHOTO_ASSET_FILES, STAMP_FONT_SOURCE_FILE } from '../cloudfunctions/shared/src/purePhotos';

export const CLOUD_FUNCTIONS = ['api', 'remind'] as const;
export type CloudFunctionName = (typeof CLOUD_FUNCTIONS)[number];

/** The CloudBase Node.js runtime the bundles target (云函数 运行环境 Nodejs16.13). */
export const NODE_TARGET = 'node16';

/** Loaded on first use from `cloudfunctions/<name>/lib/<library>.js`; core imports them only through `import()`. */
export const LAZY_LIBRARIES = [
  'exceljs',
  'jszip',
  'mammoth',
  'docx',
  'exifr',
  'pngjs',
  '@resvg/resvg-wasm',
  '@jsquash/jpeg/decode.js',
  '@jsquash/jpeg/encode.js',
] as const;
export const LAZY_DIR = 'lib';
/**
 * Modules imported statically whose exported functions are only called later: each is answered in the bundle by a
 * stand-in exporting the same functions, which require the module's own bundle (lib/<library>.js) on first call.
 */
export const LAZY_ON_FIRST_CALL: Record<string, { library: string; functions: string[] }> = {
  'opencc-js/t2cn': { library: 'opencc-js', functions: ['Converter'] },
};

/**
 * The functions that take photos (submitReport): they get resvg's WebAssembly and the stamp font in lib/. `remind`
 * bundles the same runtime but never sees a photo, so it is spared the 4.5 MB.
 */
export const PHOTO_FUNCTIONS: readonly CloudFunctionName[] = ['api'];

/** The file name of a lazy library's bundle: without the scope (`@resvg/resvg-wasm` → resvg-wasm.js, `@jsquash/jpeg/decode.js` → jpeg-decode.js). */
export const lazyFileName = (library: string) =>
  `${library
    .replace(/^@[^/]+\//, '')
    .replace(/\.js$/, '')
    .replace(/\//g, '-')}.js`;

export interface BuiltFunction {
  name: CloudFunctionName;
  file: string;
  bytes: number;
  /** The lazily loaded libraries this function uses, each its own bundle under lib/. */
  lazy: { library: string; file: string; bytes: number }[];
  /** Files beside them (resvg's WebAssembly, the stamp font). */
  assets: { file: string; bytes: number }[];
}

const COMMON: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: NODE_TARGET,
  format: 'cjs',
  // sharp is a native module for Node >= 18.17, loaded only where a deployment installed it (shared/src/photos.ts)
  external: ['wx-server-sdk', 'sharp'],
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Points each lazy library at its own bundle, and notes which of them the function uses (module → library). */
function lazyLibraries(used: Map<string, string>): Plugin {
  const filter = new RegExp(`^(${LAZY_LIBRARIES.map(escape).join('|')})$`);
  const onFirstCall = new RegExp(`^(${Object.keys(LAZY_ON_FIRST_CALL).map(escape).join('|')})$`);
  return {
    name: 'duban-lazy-libraries',
    setup(b) {
      b.onResolve({ filter: onFirstCall }, (args) => {
        used.set(args.path, LAZY_ON_FIRST_CALL[args.path].library);
        return { path: args.path, namespace: 'duban-lazy-stand-in' };
      });
      b.onResolve({ filter: /^\.\/lib\//, namespace: 'duban-lazy-stand-in' }, (args) => ({
        path: args.path,
        external: true,
      }));
      b.onLoad({ filter: /.*/, namespace: 'duban-lazy-stand-in' }, (args) => {
        const { library, functions } = LAZY_ON_FIRST_CALL[args.path];
        const lib = `./${LAZY_DIR}/${lazyFileName(library)}`;
        return {
          contents: [
            'let loaded;',
            `const load = () => (loaded = loaded || require(${JSON.stringify(lib)}));`,
            ...functions.map((f) => `exports.${f} = (...args) => load().${f}(...args);`),
          ].join('\n'),
          loader: 'js',
        };
      });
      b.onResolve({ filter }, (args) => {
        if (args.kind !== 'dynamic-import') {
          return {
            errors: [
              {
                text: `${args.path} must be loaded with import() (it is loaded on first use, not at start): ${args.importer}`,
              },
            ],
          };
        }
        used.set(args.path, args.path);
        return { path: `./${LAZY_DIR}/${lazyFileName(args.path)}`, external: true };
      });
    },
  };
}

export async function buildCloud(root = resolve(__dirname, '..')): Promise<BuiltFunction[]> {
  const out: BuiltFunction[] = [];
  for (const name of CLOUD_FUNCTIONS) {
    const dir = join(root, 'cloudfunctions', name);
    const file = join(dir, 'index.js');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const deps = Object.keys(pkg.dependencies ?? {});
    if (deps.length !== 1 || deps[0] !== 'wx-server-sdk') {
      throw new Error(
        `cloudfunctions/${name}/package.json must depend on wx-server-sdk only (found: ${deps.join(', ')})`,
      );
    }
    const used = new Map<string, string>();
    await build({
      ...COMMON,
      entryPoints: [join(dir, 'src', 'index.ts')],
      outfile: file,
      plugins: [lazyLibraries(used)],
      banner: { js: `// 督办通云函数 ${name}：由 npm run build:cloud 生成，请勿手改（源码在 src/）。` },
    });
    rmSync(join(dir, LAZY_DIR), { recursive: true, force: true });
    const lazy: BuiltFunction['lazy'] = [];
    for (const [module, library] of [...used].sort((a, b) => a[1].localeCompare(b[1]))) {
      mkdirSync(join(dir, LAZY_DIR), { recursive: true });
      const libFile = join(dir, LAZY_DIR, lazyFileName(library));
      await build({
        ...COMMON,
        stdin: { contents: `module.exports = require(${JSON.stringify(module)});`, resolveDir: root },
        outfile: libFile,
        banner: { js: `// ${library}，督办通云函数 ${name} 用到时才加载：由 npm run build:cloud 生成。` },
      });
      lazy.push({ library, file: libFile, bytes: statSync(libFile).size });
    }
    const assets: BuiltFunction['assets'] = [];
    if ([...used.values()].includes('@resvg/resvg-wasm') && PHOTO_FUNCTIONS.includes(name)) {
      const sources = {
        wasm: require.resolve('@resvg/resvg-wasm/index_bg.wasm', { paths: [root] }),
        jpegWasm: join(root, 'node_modules/@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm'),
        jpegEncWasm: join(root, 'node_modules/@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm'),
        font: join(root, 'cloudfunctions', 'shared', 'fonts', STAMP_FONT_SOURCE_FILE),
      };
      for (const key of ['wasm', 'jpegWasm', 'jpegEncWasm', 'font'] as const) {
        const target = join(dir, LAZY_DIR, PHOTO_ASSET_FILES[key]);
        copyFileSync(sources[key], target);
        assets.push({ file: target, bytes: statSync(target).size });
      }
    }
    out.push({ name, file, bytes: statSync(file).size, lazy, assets });
  }
  return out;
}

if (require.main === module) {
  buildCloud()
    .then((built) => {
      for (const b of built) {
        console.log(
          `${relative(process.cwd(), b.file)}  ${(b.bytes / 1024).toFixed(0)} KB  (${NODE_TARGET}, cjs, wx-server-sdk external)`,
        );
        for (const l of b.lazy) {
          console.log(`  ${relative(process.cwd(), l.file)}  ${(l.bytes / 1024).toFixed(0)} KB  (loaded on first use)`);
        }
        for (const a of b.assets) {
          console.log(
            `  ${relative(process.cwd(), a.file)}  ${(a.bytes / 1024).toFixed(0)} KB  (read on the first photo)`,
          );
        }
        const total = [b, ...b.lazy, ...b.assets].reduce((sum, f) => sum + f.bytes, 0);
        console.log(`  ${b.name} package: ${(total / 1024 / 1024).toFixed(1)} MB before zipping`);
      }
    })
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
