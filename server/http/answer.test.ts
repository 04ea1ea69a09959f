/**
 * sendAnswer: an action's JSON answer over 1 KB compressed for the client that accepts it (brotli first, else
 * gzip, by its q-values), a small one or one for a client that accepts neither as it is, always decodable to
 * the same JSON.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { COMPRESS_THRESHOLD, encodingFor, sendAnswer, SYNC_COMPRESS_LIMIT } from './answer';

const LARGE = {
  ok: true,
  data: { items: Array.from({ length: 60 }, (_, i) => ({ id: `a-${i}`, name: `长沙市第${i}局` })) },
};
const SMALL = { ok: true, data: { name: '督办通' } };
/** Over the limit of compressing on the event loop: compressed on the threadpool, the same bytes when decoded. */
const HUGE = {
  ok: true,
  data: {
    rows: Array.from({ length: 3000 }, (_, i) => ({
      id: `t-${i}`,
      content: `第${i}项重点任务：推进政务服务事项标准化`,
    })),
  },
};
let app: FastifyInstance;
let url = '';

beforeAll(async () => {
  app = Fastify();
  app.get('/large', (request, reply) => sendAnswer(request, reply, LARGE));
  app.get('/small', (request, reply) => sendAnswer(request, reply, SMALL));
  app.get('/huge', (request, reply) => sendAnswer(request, reply, HUGE));
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());

/** A GET over a real port with the raw bytes as sent, and the JSON they decode to. */
function get(path: string, acceptEncoding?: string) {
  return new Promise<{ headers: IncomingHttpHeaders; encoding?: string; bytes: Buffer; json: unknown }>(
    (resolve, reject) => {
      const headers = acceptEncoding ? { 'accept-encoding': acceptEncoding } : {};
      const req = request(`${url}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          const text =
            encoding === 'br' ? brotliDecompressSync(bytes) : encoding === 'gzip' ? gunzipSync(bytes) : bytes;
          resolve({ headers: res.headers, encoding, bytes, json: JSON.parse(text.toString('utf8')) });
        });
      });
      req.on('error', reject);
      req.end();
    },
  );
}

test('a large answer is brotli for a browser that accepts it, gzip for one that accepts only gzip', async () => {
  expect(Buffer.byteLength(JSON.stringify(LARGE))).toBeGreaterThan(COMPRESS_THRESHOLD);
  const br = await get('/large', 'gzip, deflate, br');
  expect(br.encoding).toBe('br');
  expect(br.json).toEqual(LARGE);
  expect(br.bytes.length).toBeLessThan(Buffer.byteLength(JSON.stringify(LARGE)) / 2);
  expect(br.headers['vary']).toBe('Accept-Encoding');
  expect(br.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(Number(br.headers['content-length'])).toBe(br.bytes.length);

  const gz = await get('/large', 'gzip');
  expect(gz.encoding).toBe('gzip');
  expect(gz.json).toEqual(LARGE);
  // the client's preference by q-values, and a refusal by q=0
  expect((await get('/large', 'gzip;q=1, br;q=0.5')).encoding).toBe('gzip');
  expect((await get('/large', 'br;q=0, gzip')).encoding).toBe('gzip');
});

test('an answer over the event-loop limit is compressed off it, in either encoding', async () => {
  expect(Buffer.byteLength(JSON.stringify(HUGE))).toBeGreaterThan(SYNC_COMPRESS_LIMIT);
  for (const [accept, encoding] of [
    ['br, gzip', 'br'],
    ['gzip', 'gzip'],
    ['identity', undefined],
  ] as const) {
    const x = await get('/huge', accept);
    expect(x.encoding).toBe(encoding);
    expect(x.json).toEqual(HUGE);
    if (encoding) expect(x.bytes.length).toBeLessThan(Buffer.byteLength(JSON.stringify(HUGE)) / 5);
  }
});

test('a small answer, or a client that accepts neither, gets the JSON as it is', async () => {
  for (const [path, accept] of [
    ['/small', 'br, gzip'],
    ['/large', undefined],
    ['/large', 'identity'],
    ['/large', 'deflate'],
    ['/large', 'br;q=0, gzip;q=0'],
  ] as const) {
    const x = await get(path, accept);
    expect(x.encoding).toBeUndefined();
    expect(x.json).toEqual(path === '/small' ? SMALL : LARGE);
  }
});

test('the encodings chosen are kept per header text, and a flood of distinct texts does not grow them for ever', () => {
  for (let i = 0; i < 5000; i++) expect(encodingFor(`gzip;q=0.${i % 9}, x-${i}`)).toBe(i % 9 === 0 ? null : 'gzip');
  expect(encodingFor(['br'])).toBeNull();
  expect(encodingFor('*')).toBe('br');
});
