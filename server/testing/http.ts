/** Calling a running server over a real port, as the app does. */
export interface Answer<T = unknown> {
  status: number;
  body: { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
}

export async function post<T = unknown>(
  base: string,
  action: string,
  payload: unknown,
  token?: string | null,
): Promise<Answer<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}/api/${action}`, { method: 'POST', headers, body: JSON.stringify(payload) });
  return { status: res.status, body: (await res.json()) as Answer<T>['body'] };
}

/** The data of a successful answer; fails the test with the server's message otherwise. */
export async function ok<T = unknown>(
  base: string,
  action: string,
  payload: unknown,
  token?: string | null,
): Promise<T> {
  const a = await post<T>(base, action, payload, token);
  if (!a.body.ok) throw new Error(`${action} → ${a.status} ${a.body.error.code}: ${a.body.error.message}`);
  return a.body.data;
}
