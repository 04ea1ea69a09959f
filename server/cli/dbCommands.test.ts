/**
 * The database commands of `npx duban`, run as a user runs them (`node bin/duban.js …`) against temporary
 * databases: import writes (once), invite prints a code, export writes a workbook or a Word circular, demo creates the demo dataset,
 * serve answers on its port; mistakes are one Chinese sentence on stderr, exit code 1, no stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';

const ROOT = resolve(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'duban.js');
const SEED = join(ROOT, 'data', 'changsha-2018.txt');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'duban-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function duban(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DUBAN_SECRET: 'cli-test-secret-0123456789', DUBAN_DB: join(dir, 'default.db') },
    timeout: 60000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneChineseSentence(r: { status: number | null; stderr: string }): void {
  expect(r.status).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/[\u4e00-\u9fa5]/);
  expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
}

describe('npx duban import (writing)', () => {
  it('writes the 2018 table into the database, creating it, and a second import duplicates nothing', () => {
    const db = join(dir, 'import.db');
    const first = duban('import', SEED, '--db', db, '--json');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const written = JSON.parse(first.stdout) as { tasks: number; assignments: number; duplicate: boolean };
    expect(written).toMatchObject({ tasks: 32, duplicate: false });
    expect(written.assignments).toBeGreaterThan(1000);
    const again = JSON.parse(duban('import', SEED, '--db', db, '--json').stdout) as { duplicate: boolean };
    expect(again.duplicate).toBe(true);
  });

  it('says in one sentence when the file cannot be read', () => {
    expectOneChineseSentence(duban('import', join(dir, 'missing.xlsx'), '--db', join(dir, 'import.db')));
  });
});

describe('npx duban invite', () => {
  it('prints a single-use code for a unit and role', () => {
    const r = duban('invite', '--unit', '芙蓉区人民政府', '--role', 'contact', '--db', join(dir, 'invite.db'));
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^[A-Z0-9]{8,}$/);
    const alias = duban('invite', '--unit', '市督查室', '--role', 'supervisor', '--db', join(dir, 'invite.db'));
    expect(alias.status).toBe(0);
  });

  it('refuses an unknown unit or role in one sentence', () => {
    expectOneChineseSentence(
      duban('invite', '--unit', '火星区人民政府', '--role', 'contact', '--db', join(dir, 'invite.db')),
    );
    expectOneChineseSentence(
      duban('invite', '--unit', '芙蓉区人民政府', '--role', 'king', '--db', join(dir, 'invite.db')),
    );
    expectOneChineseSentence(duban('invite', '--unit', '芙蓉区人民政府', '--role', 'contact', '--colour', 'red'));
  });
});

describe('npx duban export', () => {
  it('writes the circular workbook of the database', async () => {
    const db = join(dir, 'export.db');
    expect(duban('import', SEED, '--db', db).status).toBe(0);
    const out = join(dir, '通报.xlsx');
    const r = duban('export', '--out', out, '--db', db);
    expect(r.status).toBe(0);
    expect(existsSync(out)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.length).toBeGreaterThanOrEqual(4);
  });

  it('writes the Word circular from the same use case when the file ends in .docx', async () => {
    const db = join(dir, 'export.db');
    const out = join(dir, '通报.docx');
    const r = duban('export', '--out', out, '--db', db);
    expect(r.status).toBe(0);
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(readFileSync(out));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('督查通报');
    expect(xml).toContain('第1期');
    expect(xml).toMatch(/全市32项任务中/);
  });

  it('refuses another extension in one sentence', () => {
    expectOneChineseSentence(duban('export', '--out', join(dir, '通报.pdf'), '--db', join(dir, 'export.db')));
  });

  it('asks for --out in one sentence', () => {
    expectOneChineseSentence(duban('export', '--db', join(dir, 'export.db')));
  });
});

describe('npx duban demo and serve', () => {
  it('creates the demo database, refuses to overwrite it, and serves it with the demo login', async () => {
    const db = join(dir, 'demo.db');
    const made = duban('demo', '--db', db);
    expect(made.status).toBe(0);
    expect(made.stdout).toContain('演示数据库已创建');
    expectOneChineseSentence(duban('demo', '--db', db));

    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db, '--demo'], {
      cwd: ROOT,
      env: { ...process.env, DUBAN_SECRET: 'cli-test-secret-0123456789', DUBAN_LOG_LEVEL: 'warn' },
    });
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 30000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /(http:\/\/[\d.]+:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolveUrl(m[1]);
          }
        });
        child.on('exit', () => reject(new Error(`serve exited: ${out}`)));
      });
      const health = (await (await fetch(`${url}/healthz`)).json()) as { data: { demo: boolean } };
      expect(health.data.demo).toBe(true);
      const res = await fetch(`${url}/api/demoLogin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ as: 'supervisor' }),
      });
      expect(res.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('npx duban bench-data and rebuild-counts', () => {
  it('creates the province dataset at a scale, prints two invite codes that bind, and the counts rebuild alike', async () => {
    const db = join(dir, 'bench.db');
    const r = duban('bench-data', '--db', db, '--scale', '0.02', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { supervisorCode: string; contactCode: string; assignments: number };
    expect(out.assignments).toBeGreaterThan(800); // 20 tasks × ~80 units on average, at most 150 each
    expect(out.assignments).toBeLessThan(2500);
    expect(out.supervisorCode).not.toBe(out.contactCode);
    const { openSqliteStore } = await import('../store/sqlite');
    const store = openSqliteStore(db);
    try {
      expect((await store.getInvite(out.supervisorCode))?.role).toBe('supervisor');
      const contact = (await store.getInvite(out.contactCode))!;
      expect(contact).toMatchObject({ role: 'contact', usedBy: null });
      const counts = store.db
        .prepare(`SELECT unit_id, COUNT(*) AS n FROM assignments GROUP BY unit_id ORDER BY n DESC, unit_id LIMIT 1`)
        .get() as { unit_id: string };
      expect(contact.unitId).toBe(counts.unit_id);
    } finally {
      store.close();
    }
    const rebuilt = duban('rebuild-counts', '--db', db, '--json');
    expect(rebuilt.status).toBe(0);
    const total = JSON.parse(rebuilt.stdout) as Record<string, number>;
    expect(total.green + total.yellow + total.red + total.done).toBe(out.assignments);
    expect(total.taskRows).toBeGreaterThanOrEqual(20); // each task's table by due date: at least one row a task
  });

  it('refuses a database that exists, and a scale out of range, in one sentence', () => {
    expectOneChineseSentence(duban('bench-data', '--db', join(dir, 'bench.db'), '--json'));
    expectOneChineseSentence(duban('bench-data', '--db', join(dir, 'other.db'), '--scale', '0'));
  });
});
