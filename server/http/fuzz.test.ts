/**
 * Arbitrary requests against the running server — actions, payloads, headers and raw bodies, from unbound
 * callers, forged tokens and real users of every role on a database holding the 2018 table — never get a 500 and
 * never bring the server down.
 */
import { request } from 'node:http';
import fc from 'fast-check';
import { dispatch, PERMISSIONS } from '../../core/usecases';
import { seedDirectory } from '../../core/usecases/seedDirectory';
import { demoDirectory, seedTableText } from '../../data';
import { bootstrapUser } from '../../core/usecases/bootstrapUser';
import { issueToken } from '../auth/tokens';
import { useServer } from '../testing/server';

const http = useServer('fuzz', { demo: true });
const tokens: string[] = [];
const ids: string[] = [];

beforeAll(async () => {
  const rt = http.server.runtime.rt;
  await seedDirectory(rt.store, demoDirectory());
  const units = await rt.store.listUnits();
  const unit = (name: string): string => units.find((u) => u.name === name)?.id as string;
  const people: [string, string, 'admin' | 'supervisor' | 'contact' | 'viewer'][] = [
    ['fuzz-admin', '市优化办', 'admin'],
    ['fuzz-supervisor', '市政府督查室', 'supervisor'],
    ['fuzz-lead', '市政务服务中心', 'contact'],
    ['fuzz-district', '芙蓉区人民政府', 'contact'],
    ['fuzz-viewer', '市政府督查室', 'viewer'],
  ];
  for (const [principal, unitName, role] of people) {
    await bootstrapUser(rt, principal, unit(unitName), role, principal);
    tokens.push(issueToken(http.secret, principal));
  }
  // The 2018 table, so that real task and assignment ids are among the fuzzed values.
  const admin = await rt.store.getUserByPrincipal('fuzz-admin');
  const caller = { principal: 'fuzz-admin', throttleKey: 'fuzz', user: admin };
  const preview = (await dispatch(rt, caller, 'importPlan', {
    fileName: 'changsha-2018.txt',
    base64: Buffer.from(seedTableText()).toString('base64'),
  })) as { previewId: string };
  await dispatch(rt, caller, 'confirmImport', { previewId: preview.previewId, createUnknown: true });
  ids.push(...units.slice(0, 5).map((u) => u.id));
  const tasks = await rt.store.listTasks({ offset: 0, limit: 5 });
  for (const t of tasks.items) {
    ids.push(t.id);
    for (const a of await rt.store.listAssignmentsOfTask(t.id)) ids.push(a.id);
  }
});

const actions = Object.keys(PERMISSIONS);
const actionArb = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...actions, 'upload', 'uploadDocument') },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '..%2f', '%00') },
  );

/** Values that look like the real thing some of the time (ids that exist, dates, roles), anything otherwise. */
function valueArb(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(...(ids.length > 0 ? ids : ['x'])),
    fc.constantFrom('2026-13-40', '2026-02-29', '2027-01-31', '', 'contact', 'admin', 'accept', 'return', 'due', 'red'),
    fc.jsonValue({ maxDepth: 2 }),
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 3000 }),
  );
}

const keys = [
  'taskId',
  'assignmentId',
  'assignmentIds',
  'reportId',
  'extensionId',
  'code',
  'name',
  'as',
  'text',
  'photos',
  'percent',
  'claimDone',
  'requestId',
  'decision',
  'reason',
  'newDue',
  'approve',
  'note',
  'message',
  'light',
  'role',
  'stage',
  'q',
  'page',
  'pageSize',
  'unitId',
  'ttlDays',
  'fileName',
  'base64',
  'fileId',
  'previewId',
  'unitMappings',
  'createUnknown',
  'id',
  'aliases',
  'kind',
  'targetId',
  'alias',
  'groupId',
  'members',
  'keepUnitIds',
  'results',
  'yellowDays',
  'reminderOffsets',
  'templates',
  '__proto__',
  'constructor',
];

const payloadArb = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.dictionary(
        fc.constantFrom(...keys),
        fc.constant(null).chain(() => valueArb()),
        { maxKeys: 6 },
      ),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );

const authArb = (): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(...(tokens.length > 0 ? tokens : ['x'])).map((t) => `Bearer ${t}`),
    fc.string({ maxLength: 80 }),
    fc.string({ maxLength: 40 }).map((s) => `Bearer ${s}`),
  );

async function send(action: string, init: RequestInit): Promise<number> {
  const res = await fetch(`${http.url}/api/${encodeURIComponent(action)}`, { method: 'POST', ...init });
  await res.arrayBuffer();
  return res.status;
}

describe('fuzzed requests never produce a 500', () => {
  it('JSON payloads to every action, with every kind of caller', async () => {
    await fc.assert(
      fc.asyncProperty(actionArb(), payloadArb(), fc.nat(tokens.length), async (action, payload, who) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (who < tokens.length) headers.authorization = `Bearer ${tokens[who]}`;
        const status = await send(action, { headers, body: JSON.stringify(payload) });
        expect(status).toBeGreaterThanOrEqual(200);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 1500 },
    );
  }, 240000);

  it('arbitrary headers and raw bodies', async () => {
    const contentTypes = fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'image/png',
        'application/octet-stream',
        'multipart/form-data',
        'multipart/form-data; boundary=xyz',
        'application/x-www-form-urlencoded',
      ),
      fc.string({ maxLength: 40 }),
    );
    const bodies = fc.oneof(
      fc.string({ maxLength: 500 }),
      fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
      fc.constant(
        '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG\r\n--xyz--\r\n',
      ),
    );
    await fc.assert(
      fc.asyncProperty(actionArb(), contentTypes, bodies, authArb(), async (action, type, body, auth) => {
        const headers: Record<string, string> = {};
        // Header values must be Latin-1 for fetch to send them at all.
        if (/^[\x20-\x7e]*$/.test(type)) headers['content-type'] = type;
        if (auth !== undefined && /^[\x20-\x7e]*$/.test(auth)) headers.authorization = auth;
        const status = await send(action, { headers, body });
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 1000 },
    );
    const health = await fetch(`${http.url}/healthz`);
    expect(health.status).toBe(200);
  }, 240000);

  it('arbitrary methods and paths, broken percent-encoding and file URLs included', async () => {
    const pathChar = fc.constantFrom(...'abcdef0123456789/%?&=._-~:+'.split(''));
    const paths = fc.oneof(
      fc.stringOf(pathChar, { maxLength: 60 }).map((p) => `/${p}`),
      fc.stringOf(pathChar, { maxLength: 40 }).map((p) => `/api/${p}`),
      fc
        .tuple(fc.hexaString({ minLength: 60, maxLength: 66 }), fc.stringOf(pathChar, { maxLength: 30 }))
        .map(([id, q]) => `/files/${id}?${q}`),
    );
    const methods = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH');
    await fc.assert(
      fc.asyncProperty(methods, paths, async (method, path) => {
        const status = await new Promise<number>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port: http.server.port, method, path }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
          req.end();
        });
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 500 },
    );
  }, 120000);
});
