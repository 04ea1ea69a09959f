/**
 * The h5 build as the server hands it out: compressed when the browser accepts it, the content-hashed assets
 * cached for a year, index.html (and the page fallback) revalidated every time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { useServer } from '../testing/server';
import { IMMUTABLE, REVALIDATE, staticCacheControl } from './app';

const JS = `/* app */\n${Array.from({ length: 400 }, (_, i) => `var v${i} = "督办通 ${i}";`).join('\n')}\n`;
const INDEX = `<!doctype html><html><head><script defer src="/js/app.0123abcd.js"></script></head><body>${'<div></div>'.repeat(200)}</body></html>`;

const http = useServer('static', {
  prepare({ dir }) {
    const site = join(dir, 'site');
    mkdirSync(join(site, 'js'), { recursive: true });
    writeFileSync(join(site, 'index.html'), INDEX);
    writeFileSync(join(site, 'js', 'app.0123abcd.js'), JS);
    writeFileSync(join(site, 'robots.txt'), 'User-agent: *\n');
    return { staticDir: site };
  },
});

/** A GET with the raw bytes as sent (fetch would undo the compression). */
function get(
  path: string,
  encoding?: string,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${http.url}${path}`, { headers: encoding ? { 'accept-encoding': encoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

test('a hashed asset is compressed (brotli first, else gzip) and cached for a year', async () => {
  const br = await get('/js/app.0123abcd.js', 'gzip, deflate, br');
  expect(br.status).toBe(200);
  expect(br.headers['content-encoding']).toBe('br');
  expect(br.headers['cache-control']).toBe(IMMUTABLE);
  expect(br.body.length).toBeLessThan(Buffer.byteLength(JS) / 3);
  expect(brotliDecompressSync(br.body).toString()).toBe(JS);

  const gz = await get('/js/app.0123abcd.js', 'gzip');
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(gunzipSync(gz.body).toString()).toBe(JS);

  const plain = await get('/js/app.0123abcd.js');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body.toString()).toBe(JS);
});

test('index.html, the page fallback and unhashed files are revalidated every time', async () => {
  for (const path of ['/', '/index.html', '/pages/tasks/index']) {
    const r = await get(path, 'gzip');
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe(REVALIDATE);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(r.body).toString()).toBe(INDEX);
  }
  const robots = await get('/robots.txt');
  expect(robots.headers['cache-control']).toBe(REVALIDATE);
});

test('a small API answer goes as it is (under the 1 KB threshold)', async () => {
  const small = await new Promise<Record<string, string>>((resolve, reject) => {
    const req = request(
      `${http.url}/api/me`,
      { method: 'POST', headers: { 'accept-encoding': 'gzip', 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers as Record<string, string>));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
  expect(small['content-encoding']).toBeUndefined();
});

test('which names count as content-hashed', () => {
  expect(staticCacheControl('/x/js/app.677f811a.js')).toBe(IMMUTABLE);
  expect(staticCacheControl('css/179.8483d01fb9f847753ebd.css')).toBe(IMMUTABLE);
  expect(staticCacheControl('index.html')).toBe(REVALIDATE);
  expect(staticCacheControl('js/app.js')).toBe(REVALIDATE);
  expect(staticCacheControl('js/app.js.LICENSE.txt')).toBe(REVALIDATE);
});
