/**
 * `npm run test:hostile`: hostile input against a spawned `duban serve` under a memory limit
 * (`node --max-old-space-size=1536`, and the server's RSS read from /proc while it runs). The crafted files are
 * built here (server/testing/hostileFiles.ts): a 50,000-row workbook with a cell in column XFD, an .xlsx and a
 * .docx whose member inflates to 6 GB, 15 MB bodies without a token (four at once), spoofed X-Forwarded-For,
 * disguised forbidden words, an upload flood. Each attack must get a 4xx, the server must answer /healthz within
 * 300 ms meanwhile and stay alive, and its RSS stay under the bound. Prints a table (status, time, RSS) and, with
 * `--json FILE`, writes it. `--root DIR` runs another checkout's server (to measure "before"; a server that falls is
 * restarted for the next attack); `--no-assert` only measures; `--skip-bombs` leaves out the 6 GB members.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { polyglotJpeg, wideWorkbook, zipBomb } from '../server/testing/hostileFiles';
import { demoPhoto } from '../server/demo/png';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const ROOT = resolve(opt('root') ?? join(__dirname, '..'));
const ASSERT = !flag('no-assert');
const HEAP_MB = 1536;
const RSS_BOUND_MB = 1536;
const HEALTHZ_MS = 300;

interface Result {
  attack: string;
  status: string;
  ms: number;
  rssMb: number;
  peakRssMb: number;
  healthzMaxMs: number;
  alive: boolean;
  ok: boolean;
}

let server: ChildProcess;
let base = '';
let peakRss = 0;
let currentDb = '';

function rssMb(): number {
  try {
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

async function startServer(dbPath: string, port: number): Promise<void> {
  server = spawn(
    process.execPath,
    [`--max-old-space-size=${HEAP_MB}`, join(ROOT, 'bin', 'duban.js'), 'serve', '--port', String(port), '--db', dbPath],
    {
      cwd: ROOT,
      env: { ...process.env, DUBAN_TRUST_PROXY: '1', DUBAN_LOG_LEVEL: 'error', DUBAN_DEMO: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  server.stderr?.on('data', (c: Buffer) => process.stderr.write(`[server] ${c.toString().slice(0, 300)}`));
  base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

const alive = () => server.exitCode === null && server.signalCode === null;

async function healthz(): Promise<number> {
  const t = Date.now();
  try {
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return res.ok ? Date.now() - t : 99_999;
  } catch {
    return 99_999;
  }
}

/** Runs `attack` while polling /healthz and the server's RSS; the attack returns the statuses it got. */
async function measure(name: string, attack: () => Promise<string>, expect: (status: string) => boolean) {
  const probes: number[] = [];
  let running = true;
  const poller = (async () => {
    while (running) {
      if (alive()) {
        probes.push(await healthz());
        peakRss = Math.max(peakRss, rssMb());
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const t = Date.now();
  let status: string;
  try {
    status = await attack();
  } catch (e) {
    status = `error: ${(e as Error).message.slice(0, 60)}`;
  }
  const ms = Date.now() - t;
  running = false;
  await poller;
  const result: Result = {
    attack: name,
    status,
    ms,
    rssMb: rssMb(),
    peakRssMb: peakRss,
    healthzMaxMs: probes.length ? Math.max(...probes) : 0,
    alive: alive() && (await healthz()) < 99_999,
    ok: false,
  };
  result.ok = expect(status) && result.alive && result.healthzMaxMs < HEALTHZ_MS && result.peakRssMb < RSS_BOUND_MB;
  if (!result.alive) {
    // measuring a server that falls (--root of an older checkout): bring it back for the next attack
    server.kill('SIGKILL');
    await startServer(currentDb, 3900 + Math.floor(Math.random() * 90));
    peakRss = 0;
  }
  results.push(result);
  console.log(
    `${result.ok ? 'ok  ' : 'FAIL'} ${name}: ${status} in ${ms} ms; /healthz ≤ ${result.healthzMaxMs} ms; RSS ${result.rssMb} MB (peak ${result.peakRssMb} MB)${result.alive ? '' : '; SERVER DOWN'}`,
  );
}
const results: Result[] = [];

async function call(action: string, body: unknown, token?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { data?: Record<string, unknown>; error?: { code: string } };
  return { status: res.status, code: json.error?.code ?? 'ok', data: json.data };
}

async function uploadDocument(token: string, name: string, bytes: Buffer) {
  const res = await fetch(`${base}/api/uploadDocument?fileName=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
    body: bytes,
  });
  const json = (await res.json()) as { data?: { fileId: string }; error?: { code: string } };
  return { status: res.status, code: json.error?.code ?? 'ok', fileId: json.data?.fileId };
}

/** A body announced as `length` bytes, sent at most `send` bytes of: the answer tells whether it was read first. */
function announce(path: string, length: number, send: number): Promise<number> {
  return new Promise((resolveStatus) => {
    const req = httpRequest(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(length) },
    });
    let status = 0;
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => {
        resolveStatus(status);
        req.destroy();
      });
    });
    // the server closes the connection after refusing: a reset after its answer still counts the answer
    req.on('error', () => setTimeout(() => resolveStatus(status), 50));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < send) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
    };
    req.write('{"code":"');
    pump();
  });
}

const is4xx = (s: string) => s.split(',').every((x) => /^4\d\d/.test(x.trim()));

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'duban-hostile-'));
  const dbPath = join(dir, 'duban.db');
  const duban = (...a: string[]) =>
    execFileSync(process.execPath, [join(ROOT, 'bin', 'duban.js'), ...a, '--db', dbPath], {
      cwd: ROOT,
      encoding: 'utf8',
    });
  const started = Date.now();
  try {
    duban('demo');
    const codeOf = (out: string) => (/[23456789A-HJKMNP-Z]{10}/.exec(out) ?? [''])[0];
    const adminCode = codeOf(duban('invite', '--unit', '市政府督查室', '--role', 'admin'));
    const contactCode = codeOf(duban('invite', '--unit', '芙蓉区人民政府', '--role', 'contact'));
    const spareCode = codeOf(duban('invite', '--unit', '芙蓉区人民政府', '--role', 'contact'));
    currentDb = dbPath;
    await startServer(dbPath, 3900 + Math.floor(Math.random() * 90));
    const admin = String((await call('bind', { code: adminCode, name: '安全测试' })).data?.token ?? '');
    const contact = String((await call('bind', { code: contactCode, name: '安全联络' })).data?.token ?? '');
    if (!admin || !contact) throw new Error('could not bind the test users');

    const wide = await wideWorkbook(50_000);
    console.log(`built: ${wide.length} B workbook (50,000 rows + XFD)`);
    await measure(
      'xlsx 50,000 rows, one cell in XFD',
      async () => {
        const up = await uploadDocument(admin, 'wide.xlsx', wide);
        if (up.status !== 200) return `${up.status} ${up.code}`;
        const a = await call('importPlan', { fileName: 'wide.xlsx', fileId: up.fileId }, admin);
        return `${a.status} ${a.code}`;
      },
      is4xx,
    );
    for (const kind of flag('skip-bombs') ? [] : (['xlsx', 'docx'] as const)) {
      const bomb = await zipBomb(kind, 6 * 1024);
      console.log(`built: ${(bomb.length / 1048576).toFixed(1)} MB ${kind} with a 6 GB member`);
      await measure(
        `${kind} with a 6 GB member`,
        async () => {
          const up = await uploadDocument(admin, `bomb.${kind}`, bomb);
          if (up.status !== 200) return `${up.status} ${up.code}`;
          const a = await call('importPlan', { fileName: `bomb.${kind}`, fileId: up.fileId }, admin);
          return `${a.status} ${a.code}`;
        },
        is4xx,
      );
    }
    await measure(
      // announced as 15 MB and never sent: the answer can only come from refusing before reading. (A client that
      // keeps sending gets the same answer and then a reset: the server closes without reading the rest.)
      '15 MB body to bind, no token, four at once',
      async () => {
        const s = await Promise.all([1, 2, 3, 4].map(() => announce('/api/bind', 15 * 1024 * 1024, 0)));
        return s.join(',');
      },
      is4xx,
    );
    await measure(
      '15 MB body to importPlan, no token',
      async () => String(await announce('/api/importPlan', 15 * 1024 * 1024, 0)),
      is4xx,
    );
    await measure(
      'spoofed X-Forwarded-For, 200 wrong codes',
      async () => {
        const statuses: number[] = [];
        for (let i = 0; i < 200; i++) {
          const a = await call('previewInvite', { code: `WRONG${String(i).padStart(5, '2')}` }, undefined, {
            'x-forwarded-for': `198.51.${i % 250}.${i % 200}, 203.0.113.9`,
          });
          statuses.push(a.status);
        }
        const accepted = statuses.filter((s) => s === 400).length;
        // the valid code of another client behind the same proxy still binds
        const valid = await call('bind', { code: spareCode, name: '新同事' }, undefined, {
          'x-forwarded-for': '203.0.113.9',
        });
        return `${accepted} wrong codes answered 400, ${statuses.length - accepted} × 429; valid code ${valid.status}`;
      },
      (s) => /^5 wrong codes answered 400, 195 × 429; valid code 200$/.test(s),
    );
    await measure(
      'disguised forbidden words in a unit name (six variants)',
      async () => {
        const variants = [
          '代\u200b开\u200b发\u200b票',
          '代\u00ad开\u00ad发\u00ad票',
          '代-开-发-票',
          '代，开，发，票',
          '代開發票',
          '代<b>开</b>发票',
        ];
        const statuses: string[] = [];
        for (const v of variants) {
          const a = await call('saveUnit', { name: `${v}办公室`, kind: 'city' }, admin);
          statuses.push(`${a.status}`);
        }
        return statuses.join(',');
      },
      (s) => s.split(',').every((x) => x === '422'),
    );
    await measure(
      'upload flood: 40 photos of 1 MB from one contact',
      async () => {
        const photo = Buffer.concat([demoPhoto(5), Buffer.alloc(1024 * 1024)]);
        const statuses: number[] = [];
        for (let i = 0; i < 40; i++) {
          const res = await fetch(`${base}/api/upload`, {
            method: 'POST',
            headers: { 'content-type': 'image/png', authorization: `Bearer ${contact}` },
            body: photo,
          });
          await res.arrayBuffer();
          statuses.push(res.status);
        }
        return `${statuses.filter((s) => s === 200).length} stored, ${statuses.filter((s) => s === 429).length} × 429`;
      },
      (s) => /^30 stored, 10 × 429$/.test(s),
    );
    await measure(
      'polyglot photo (JPEG magic + HTML)',
      async () => {
        const res = await fetch(`${base}/api/upload`, {
          method: 'POST',
          headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${admin}` },
          body: polyglotJpeg(),
        });
        await res.arrayBuffer();
        return String(res.status);
      },
      is4xx,
    );
  } finally {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\n${results.filter((r) => r.ok).length} of ${results.length} attacks held, in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  const out = opt('json');
  if (out) writeFileSync(out, JSON.stringify(results, null, 2));
  if (ASSERT && results.some((r) => !r.ok)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  server?.kill('SIGKILL');
  process.exitCode = 1;
});
