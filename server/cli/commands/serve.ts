/** `duban serve [--port 3000] [--host 127.0.0.1] [--db data/duban.db] [--demo]`: the server, until Ctrl+C. */
import { existsSync } from 'node:fs';
import { seedDirectory } from '../../../core/usecases/seedDirectory';
import { demoDirectory } from '../../../data';
import { DEMO_IDENTITIES } from '../../demo/identities';
import { serveDuban } from '../../http/serve';
import { defaultDbPath, H5_DIR, parseCommand } from '../localDb';

export const USAGE = 'duban serve [--port 3000] [--host 127.0.0.1] [--db 数据库文件] [--demo]';
export const SUMMARY = '启动服务器：接口、照片和网页版（dist-h5/）';

export async function run(argv: string[]): Promise<void> {
  const { values } = parseCommand(
    argv,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      demo: { type: 'boolean' },
    },
    USAGE,
  );
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`端口 ${String(values.port)} 不对：请给 0–65535 之间的整数。`);
  const dbPath = typeof values.db === 'string' ? values.db : defaultDbPath();
  const demo = values.demo === true;
  const server = await serveDuban({
    dbPath,
    port,
    host: typeof values.host === 'string' ? values.host : (process.env.HOST ?? '127.0.0.1'),
    demo,
    staticDir: existsSync(H5_DIR) ? H5_DIR : null,
  });
  await seedDirectory(server.runtime.store, demoDirectory());
  process.stdout.write(`督办通服务器已启动：${server.url}/（数据库 ${server.runtime.dbPath}）\n`);
  if (demo) {
    process.stdout.write(`演示模式：演示登录可用（${DEMO_IDENTITIES.map((d) => d.as).join('、')}）。\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
