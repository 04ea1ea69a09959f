/** `duban serve [--port 3000] [--host 127.0.0.1] [--db data/duban.db] [--demo]`: the server, until Ctrl+C. */
import { existsSync } from 'node:fs';
import { seedDirectory } from '../../../core/usecases/seedDirectory';
import { demoDirectory } from '../../../data';
import { DEMO_IDENTITIES } from '../../demo/identities';
import { serveDuban } from '../../http/serve';
import { localReminders } from '../../scheduler';
import { wechatFromEnv } from '../../wechat';
import { wechatLogin } from '../../wechat/login';
import { DB_OPTION, dbPathFrom, H5_DIR } from '../localDb';
import { CliError, type CliIO, type Command, type ParsedArgs } from '../types';

export const serveCommand: Command = {
  name: 'serve',
  summary: '启动服务器：接口、照片和网页版（dist-h5/），按 Ctrl+C 停止',
  usage: 'duban serve [--port 3000] [--host 127.0.0.1] [--db 数据库文件] [--demo]',
  options: [
    {
      name: 'port',
      type: 'string',
      valueName: '端口',
      description: '监听端口（默认 PORT 或 3000；0 表示任选空闲端口）',
    },
    {
      name: 'host',
      type: 'string',
      valueName: '地址',
      description: '监听地址（默认 127.0.0.1；0.0.0.0 让局域网内的手机访问）',
    },
    DB_OPTION,
    { name: 'demo', type: 'boolean', description: '演示模式：绑定页出现「演示登录」' },
  ],
  async run(args: ParsedArgs, io: CliIO): Promise<number> {
    const portText = typeof args.flags.port === 'string' ? args.flags.port : (process.env.PORT ?? '3000');
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535)
      throw new CliError(`端口 ${portText} 不对：请给 0 到 65535 之间的整数。`);
    const demo = args.flags.demo === true;
    // WeChat's server API when DUBAN_WECHAT_APPID / DUBAN_WECHAT_SECRET are set: messages reach phones, texts go
    // through msgSecCheck, the mini program binds by its wx.login code. Otherwise the outbox and the word list.
    const wechat = wechatFromEnv();
    const server = await serveDuban({
      dbPath: dbPathFrom(args.flags, io.cwd),
      port,
      host: typeof args.flags.host === 'string' ? args.flags.host : (process.env.HOST ?? '127.0.0.1'),
      demo,
      staticDir: existsSync(H5_DIR) ? H5_DIR : null,
      // The Messenger (WeChat's or the outbox), the reminder store, and the reminder pass every few minutes.
      ...localReminders({}, wechat?.messenger ?? null),
      contentCheck: wechat?.contentCheck,
      login: wechat ? wechatLogin(wechat.api) : null,
    });
    await seedDirectory(server.runtime.store, demoDirectory());
    io.stdout(`督办通服务器已启动：${server.url}/（数据库 ${server.runtime.dbPath}）\n`);
    io.stdout(
      wechat
        ? `微信已配置（AppID ${wechat.api.appId}）：提醒发往微信，文字经微信内容安全检查，小程序以微信登录绑定。\n`
        : '未配置微信（DUBAN_WECHAT_APPID / DUBAN_WECHAT_SECRET）：提醒记入发件箱（npx duban outbox）。\n',
    );
    if (demo) io.stdout(`演示模式：演示登录可用（${DEMO_IDENTITIES.map((d) => d.as).join('、')}）。\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        void server.close().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
