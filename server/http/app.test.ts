/**
 * The HTTP layer over a real port on a real SQLite database: answers, status codes and Chinese messages for
 * everything a client can get wrong, photo uploads checked by content, and signed file URLs.
 */
import { demoPhoto } from '../demo/png';
import { post } from '../testing/http';
import { useServer } from '../testing/server';

const http = useServer('http');

async function raw(
  path: string,
  init: RequestInit,
): Promise<{ status: number; body: { ok: boolean; error?: { code: string; message: string } } }> {
  const res = await fetch(`${http.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string; message: string } } };
}

const CHINESE = /[\u4e00-\u9fa5]/;

describe('the API answers every mistake with a 4xx and a Chinese sentence', () => {
  it('GET /healthz says the server is up', async () => {
    const res = await fetch(`${http.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, data: { status: 'ok', demo: false } });
  });

  it('an unknown action is UNKNOWN_ACTION (404)', async () => {
    const a = await post(http.url, 'launchRockets', {});
    expect(a.status).toBe(404);
    expect(a.body).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
  });

  it('malformed JSON is BAD_INPUT (400)', async () => {
    const a = await raw('/api/me', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(a.status).toBe(400);
    expect(a.body.error?.code).toBe('BAD_INPUT');
    expect(a.body.error?.message).toMatch(CHINESE);
  });

  it('a body that is not a JSON object is BAD_INPUT', async () => {
    for (const body of ['[]', '42', 'null', '"text"']) {
      const a = await raw('/api/me', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect([a.status, a.body.error?.code]).toEqual([400, 'BAD_INPUT']);
    }
  });

  it('a wrong content type is refused with 415', async () => {
    const a = await raw('/api/me', { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<me/>' });
    expect(a.status).toBe(415);
    expect(a.body.error?.code).toBe('FILE_TYPE'); // the code that goes with 415 (it was BAD_INPUT)
    expect(a.body.error?.message).toMatch(CHINESE);
  });

  it('an oversized body is refused with 413', async () => {
    const big = JSON.stringify({ q: 'x'.repeat(16 * 1024 * 1024) });
    const a = await raw('/api/listMyTasks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect([a.status, a.body.error?.code]).toEqual([413, 'FILE_TOO_LARGE']);
  });

  it('a forged token is UNAUTHENTICATED (401); no token is an unbound caller', async () => {
    const forged = await post(http.url, 'me', {}, 'demo-admin.Zm9yZ2Vk');
    expect([forged.status, forged.body.ok ? '' : forged.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const unbound = await post(http.url, 'me', {});
    expect(unbound.status).toBe(403);
  });

  it('a URL with broken percent-encoding is BAD_INPUT in the same shape', async () => {
    const a = await raw('/api/%E0%A4%A', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect([a.status, a.body.error?.code]).toEqual([400, 'BAD_INPUT']);
    expect(a.body.error?.message).toMatch(CHINESE);
  });

  it('GET on an action or an unknown path is a 404 with a sentence, not a crash', async () => {
    const a = await raw('/api/me', { method: 'GET' });
    expect(a.status).toBe(404);
    const b = await raw('/nowhere', { method: 'GET' });
    expect(b.status).toBe(404);
    expect(b.body.error?.message).toMatch(CHINESE);
  });

  it('demoLogin does not exist outside demo mode', async () => {
    const a = await post(http.url, 'demoLogin', { as: 'admin' });
    expect([a.status, a.body.ok ? '' : a.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('photo uploads', () => {
  let token: string;
  beforeAll(async () => {
    token = await http.bindDirectly('p_uploader01', 'contact');
  });

  async function upload(body: BodyInit, contentType?: string, auth: string | null = token) {
    const headers: Record<string, string> = {};
    if (contentType) headers['content-type'] = contentType;
    if (auth) headers.authorization = `Bearer ${auth}`;
    const res = await fetch(`${http.url}/api/upload`, { method: 'POST', headers, body });
    return {
      status: res.status,
      body: (await res.json()) as {
        ok: boolean;
        data?: { id: string; fileId: string; url: string };
        error?: { code: string; message: string };
      },
    };
  }

  it('take a PNG as multipart (as Taro.uploadFile sends it) and serve it back through its signed URL', async () => {
    const png = demoPhoto(7);
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), 'site.png');
    const a = await upload(form);
    expect(a.status).toBe(200);
    const { id, fileId, url } = a.body.data as { id: string; fileId: string; url: string };
    expect(id).toBe(fileId);
    expect(await http.server.runtime.files.ownedBy(fileId, 'p_uploader01')).toBe(true);
    const res = await fetch(`${http.url}${url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(png);
  });

  it('take raw image bytes too, and tell the type by content, not by the header', async () => {
    const a = await upload(demoPhoto(8), 'image/jpeg');
    expect(a.status).toBe(200);
    const res = await fetch(`${http.url}${a.body.data?.url}`);
    expect(res.headers.get('content-type')).toBe('image/png');
  });

  it('refuse a file that is not JPEG, PNG or WebP with FILE_TYPE (415)', async () => {
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.4 not a photo'], { type: 'image/png' }), 'fake.png');
    const a = await upload(form);
    expect([a.status, a.body.error?.code]).toEqual([415, 'FILE_TYPE']);
    expect(a.body.error?.message).toMatch(/JPEG/);
  });

  it('refuse more than 10 MB with FILE_TOO_LARGE (413), multipart or raw', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 10);
    demoPhoto(1).copy(big);
    const form = new FormData();
    form.append('file', new Blob([big], { type: 'image/png' }), 'big.png');
    const a = await upload(form);
    expect([a.status, a.body.error?.code]).toEqual([413, 'FILE_TOO_LARGE']);
    const b = await upload(big, 'image/png');
    expect([b.status, b.body.error?.code]).toEqual([413, 'FILE_TOO_LARGE']);
  });

  it('answer a malformed form (no boundary, cut short) with BAD_INPUT, not a crash', async () => {
    const a = await upload(Buffer.alloc(0), 'multipart/form-data');
    expect([a.status, a.body.error?.code]).toEqual([400, 'BAD_INPUT']);
    const b = await upload(
      '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG',
      'multipart/form-data; boundary=xyz',
    );
    expect(b.status).toBeGreaterThanOrEqual(400);
    expect(b.status).toBeLessThan(500);
  });

  it('refuse callers who are not bound', async () => {
    const a = await upload(demoPhoto(2), 'image/png', null);
    expect([a.status, a.body.error?.code]).toEqual([403, 'NOT_BOUND']);
  });

  it('serve a file only with a valid, unexpired signature', async () => {
    const a = await upload(demoPhoto(9), 'image/png');
    const url = new URL(`${http.url}${a.body.data?.url}`);
    const id = url.pathname.split('/').pop() as string;
    expect((await fetch(`${http.url}/files/${id}`)).status).toBe(403);
    url.searchParams.set('sig', 'AAAA' + (url.searchParams.get('sig') ?? '').slice(4));
    expect((await fetch(url)).status).toBe(403);
    const past = Math.floor(Date.now() / 1000) - 60;
    expect((await fetch(`${http.url}/files/${id}?exp=${past}&sig=x`)).status).toBe(403);
    expect((await fetch(`${http.url}${http.server.runtime.files.urlFor('0'.repeat(64))}`)).status).toBe(404);
  });
});
