/**
 * Which client address to believe behind a reverse proxy: `DUBAN_TRUST_PROXY=<hops|CIDR list>`.
 * - unset, empty or `0`: the socket's address (X-Forwarded-For is ignored: anyone can write it);
 * - a number N: the Nth address from the right of X-Forwarded-For (N proxies in front, each appending the
 *   address it saw; with one nginx that is `1`, the address nginx itself saw, whatever the client wrote before it);
 * - a comma-separated list of addresses or CIDR ranges (`127.0.0.1,10.0.0.0/8`): X-Forwarded-For entries are
 *   trusted only as far as they were added by those proxies.
 * Fastify (proxy-addr) does the walking; this only reads the setting and refuses what it cannot mean.
 */
import { isIP } from 'node:net';
import { misconfigured } from '../../core/errors';

export type TrustProxy = false | number | string[];

const CIDR_RE = /^([^/]+)(?:\/(\d{1,3}))?$/;

export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || v === '0' || v.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) throw misconfigured(`DUBAN_TRUST_PROXY=${v}：代理层数过多（最多 10 层），请填写实际的代理层数。`);
    return hops;
  }
  const list = v
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  for (const entry of list) {
    const m = CIDR_RE.exec(entry);
    const family = m ? isIP(m[1]) : 0;
    const bits = m?.[2] === undefined ? null : Number(m[2]);
    if (!m || family === 0 || (bits !== null && bits > (family === 4 ? 32 : 128))) {
      throw misconfigured(
        `DUBAN_TRUST_PROXY 里的「${entry}」不是代理层数、IP 地址或 CIDR 网段：请填写如 1 或 127.0.0.1,10.0.0.0/8。`,
      );
    }
  }
  return list;
}

/** The setting as Fastify takes it: hops become proxy-addr's hop test (the i-th hop from the socket is trusted). */
export function fastifyTrustProxy(
  setting: TrustProxy | undefined,
): boolean | string[] | ((addr: string, i: number) => boolean) {
  if (setting === undefined || setting === false) return false;
  if (typeof setting === 'number') {
    const hops = setting;
    return (_addr, i) => i < hops;
  }
  return setting;
}
