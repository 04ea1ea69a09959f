/**
 * A server over a real port for the tests that call it as the app does: on a fresh database in a folder of its
 * own, started before the file's tests and closed (its folder removed) after them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { User } from '../../core/model';
import { consumeInvite } from '../../core/usecases/inviteRules';
import { RecordingMessenger } from '../../core/usecases/testing';
import { issueToken } from '../auth/tokens';
import { serveDuban, type RunningServer, type ServeOptions } from '../http/serve';

export interface UseServerOptions extends Partial<Omit<ServeOptions, 'dbPath' | 'port'>> {
  /** Runs in the fresh folder before the server starts (a database made beforehand, a site to serve). */
  prepare?: (at: {
    dir: string;
    dbPath: string;
    secret: string;
  }) => Promise<Partial<ServeOptions> | void> | Partial<ServeOptions> | void;
  /** jest's time limit for starting it, when preparing takes long. */
  timeoutMs?: number;
}

export interface ServerHandles {
  /** The running server: inside a test, or in a `beforeAll` declared after `useServer`. */
  readonly server: RunningServer;
  /** Its address, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** The folder of its database. */
  readonly dir: string;
  /** The key it signs tokens with. */
  readonly secret: string;
  /**
   * A user of 芙蓉区人民政府 made straight through the store (these tests are about HTTP, not about binding):
   * the user's bearer token.
   */
  bindDirectly(principal: string, role: User['role']): Promise<string>;
}

/** `name` names the temporary folder and the default secret. */
export function useServer(name: string, options: UseServerOptions = {}): ServerHandles {
  const { prepare, timeoutMs, ...serve } = options;
  const secret = serve.secret ?? `${name}-test-secret-0123456789`;
  let current: { server: RunningServer; dir: string } | null = null;
  let dir: string | null = null;
  const now = () => {
    if (!current) throw new Error('the server runs only inside the tests of its file (useServer)');
    return current;
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `duban-${name}-`));
    const dbPath = join(dir, 'duban.db');
    const prepared = (await prepare?.({ dir, dbPath, secret })) ?? {};
    const server = await serveDuban({
      demo: false,
      messenger: new RecordingMessenger(),
      silent: true,
      ...serve,
      ...prepared,
      secret,
      dbPath,
      port: 0,
    });
    current = { server, dir };
  }, timeoutMs);
  afterAll(async () => {
    await current?.server.close();
    current = null;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get server() {
      return now().server;
    },
    get url() {
      return now().server.url;
    },
    get dir() {
      return now().dir;
    },
    secret,
    async bindDirectly(principal, role) {
      const store = now().server.runtime.store;
      await store.saveUnit({ id: 'u-furong', name: '芙蓉区人民政府', aliases: [], kind: 'district' });
      const at = new Date().toISOString();
      const code = `T${principal.length}${role}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
      await store.createInvite({
        code,
        unitId: 'u-furong',
        role,
        createdBy: 'test',
        createdAt: at,
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        usedBy: null,
        usedAt: null,
        revokedAt: null,
      });
      const user: User = { id: `user-${principal}`, principal, unitId: 'u-furong', role, name: '测试', createdAt: at };
      expect((await consumeInvite(store, code, at, user)).outcome).toBe('ok');
      return issueToken(secret, principal);
    },
  };
}
