/**
 * `npm run build:cloud`: bundles each cloud function (cloudfunctions/<name>/src/index.ts, with core/ and the
 * CloudBase adapters) into one `cloudfunctions/<name>/index.js` for Node 16 (CommonJS), leaving `wx-server-sdk`
 * external: it is the only dependency in that folder's package.json, installed by the WeChat IDE's
 * "上传并部署：云端安装依赖". esbuild lowers the syntax to
 * what Node 16 runs (and fails on what it cannot lower); the bundle test (cloudfunctions/bundles.test.ts) loads
 * each bundle with the globals Node 17+ added taken away. Prints each bundle's size.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

export const CLOUD_FUNCTIONS = ['api', 'remind'] as const;
export type CloudFunctionName = (typeof CLOUD_FUNCTIONS)[number];

/** The CloudBase Node.js runtime the bundles target (云函数 运行环境 Nodejs16.13). */
export const NODE_TARGET = 'node16';

export interface BuiltFunction {
  name: CloudFunctionName;
  file: string;
  bytes: number;
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
    await build({
      entryPoints: [join(dir, 'src', 'index.ts')],
      outfile: file,
      bundle: true,
      platform: 'node',
      target: NODE_TARGET,
      format: 'cjs',
      external: ['wx-server-sdk'],
      minifySyntax: true,
      minifyWhitespace: true,
      legalComments: 'none',
      logLevel: 'warning',
      banner: { js: `// 督办通云函数 ${name}：由 npm run build:cloud 生成，请勿手改（源码在 src/）。` },
    });
    out.push({ name, file, bytes: statSync(file).size });
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
      }
    })
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
