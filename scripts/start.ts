/**
 * `npm start`: the whole system on this machine, for a newcomer.
 * 1. builds the h5 app when dist-h5/ is missing or older than any file in src/ or config/;
 * 2. creates data/duban.db with the demo dataset on first run (the 2018 table moved to this year);
 * 3. prints the address and the demo identities, and serves (PORT, default 3000; HOST, default 127.0.0.1).
 * Environment: DUBAN_DB (another database), DUBAN_DEMO=0 (no demo login), DUBAN_SECRET (token key).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDemo } from '../server/demo/createDemo';
import { DEMO_IDENTITIES } from '../server/demo/identities';
import { serveDuban } from '../server/http/serve';
import { localReminders } from '../server/scheduler';

const ROOT = resolve(__dirname, '..');

/** The newest modification time of any file under `dir` (0 when it does not exist). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

export function h5IsStale(root: string): boolean {
  const index = join(root, 'dist-h5', 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'config'))) > built;
}

async function main(): Promise<void> {
  if (h5IsStale(ROOT)) {
    console.log('正在构建网页版（dist-h5/），首次约需半分钟……');
    const build = spawnSync('npx', ['taro', 'build', '--type', 'h5'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (build.status !== 0) throw new Error('网页版构建失败：请查看上面的构建输出，修正后重新运行 npm start。');
  }

  const dbPath = resolve(ROOT, process.env.DUBAN_DB || join('data', 'duban.db'));
  if (!existsSync(dbPath)) {
    console.log(`首次运行：正在创建演示数据库 ${dbPath} ……`);
    const summary = await createDemo(dbPath, { now: new Date().toISOString() });
    console.log(
      `演示数据已就绪：${summary.tasks} 项任务，${summary.assignments} 个单位任务，${summary.reports} 条进展。`,
    );
  }

  const demo = process.env.DUBAN_DEMO !== '0';
  const port = Number(process.env.PORT || 3000);
  const host = process.env.HOST || '127.0.0.1';
  const server = await serveDuban({
    dbPath,
    port,
    host,
    demo,
    staticDir: join(ROOT, 'dist-h5'),
    quiet: true,
    // The outbox as Messenger (messages recorded exactly as they would be sent) and the reminder pass every few minutes.
    ...localReminders(),
  });
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host;

  console.log('');
  console.log(`督办通已启动：http://${shown}:${server.port}/`);
  console.log(`数据库：${dbPath}（照片和导出文件在 ${server.filesDir}）`);
  if (demo) {
    console.log('');
    console.log('演示模式：在网页的绑定页点「演示登录」，选择一个身份即可进入：');
    for (const d of DEMO_IDENTITIES) {
      console.log(`  ${d.as.padEnd(10)} ${d.name}（${d.unitName}）— ${d.description}`);
    }
    console.log(
      '也可以直接调用接口：POST /api/demoLogin {"as":"supervisor"}，返回的 token 放在 Authorization: Bearer 里。',
    );
  }
  console.log('');
  console.log('按 Ctrl+C 停止。');

  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
