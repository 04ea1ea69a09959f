/** What the browser build may ask the server before anyone signs in: whether it runs in demo mode. */
import { API_BASE } from './transport';

export async function serverIsDemo(): Promise<boolean> {
  if (process.env.TARO_ENV !== 'h5') return false;
  try {
    const res = await fetch(`${API_BASE}/healthz`);
    const body = (await res.json()) as { ok?: boolean; data?: { demo?: boolean } };
    return body.ok === true && body.data?.demo === true;
  } catch {
    return false;
  }
}
