/**
 * An action's JSON answer on the wire: serialised once, and compressed here in one call when it is over 1 KB and
 * the client accepts brotli (quality 3) or gzip, rather than through @fastify/compress's onSend hook. The plugin
 * stays for the app's files (server/http/app.ts); for the answers of actions, which are compressed anew on every
 * request, its hook (encoding negotiation, type checks, a copy of the payload into a Buffer) cost almost as much
 * again as the compression itself: in a profile of getTask over HTTP at province scale, 0.17 ms per answer in the
 * hook, of which 0.09 ms compressing (sixth pass).
 *
 * Why brotli q3: measured on the province's answers with the CPU caches cold, as they are in a request (fifth pass):
 * getTask 2.4 KB → 1,071 B in 105 µs (q4: 1,025 B in 173 µs), listMyTasks 10.4 KB → 1,146 B in 126 µs (q4: 1,117 B
 * in 212 µs), the dashboard 118 KB → 6.1 KB in 0.44 ms (q4: 0.98 ms). q3 keeps 99.5% of q4's saving of bytes (a
 * few dozen bytes more: ~0.2 ms on a slow 4G link) for 40–55% less CPU per request, which a 2-core server spends on
 * every answer; q2 and q1 cost 3–25% more bytes, gzip 6 more bytes and as much CPU as q4.
 */
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants as zlib, gzip, gzipSync } from 'node:zlib';

/** Answers smaller than this go as they are: compressing them saves less than a packet. */
export const COMPRESS_THRESHOLD = 1024;
/**
 * Answers up to this size are compressed in one call on the event loop (the dashboard's 58 KB: ~0.4 ms); a larger
 * one (an import's preview of a whole table) on libuv's threadpool, so that it does not hold up other requests.
 */
export const SYNC_COMPRESS_LIMIT = 64 * 1024;
const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
/** The encoding chosen for each Accept-Encoding text seen (clients send a handful); a hostile client's many: reset. */
const chosen = new Map<string, 'br' | 'gzip' | null>();
const MAX_KEPT_HEADERS = 1000;

/** The client's Accept-Encoding → the encoding its answer gets (br first, then gzip, by its q-values), or none. */
export function encodingFor(header: string | string[] | undefined): 'br' | 'gzip' | null {
  if (typeof header !== 'string' || header === '') return null;
  let encoding = chosen.get(header);
  if (encoding === undefined) {
    encoding = negotiate(header, ['br', 'gzip']) as 'br' | 'gzip' | null;
    if (chosen.size >= MAX_KEPT_HEADERS) chosen.clear();
    chosen.set(header, encoding);
  }
  return encoding;
}

/**
 * Brotli q3 with the window fitted to the answer (at least 64 KB, at most the default 4 MB) and its size told: the
 * same bytes as the default window, for ~20% less CPU on an answer of a few KB (the encoder's tables are sized by
 * the window; measured with the CPU caches cold, getTask's 3.5 KB answer 42 → 35 µs, listMyTasks' 10 KB 58 → 43 µs).
 */
function brotliOptions(size: number) {
  const window = Math.min(zlib.BROTLI_DEFAULT_WINDOW, Math.max(16, Math.ceil(Math.log2(size))));
  return {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: 3,
      [zlib.BROTLI_PARAM_LGWIN]: window,
      [zlib.BROTLI_PARAM_SIZE_HINT]: size,
    },
  };
}

/** Sends `body` as JSON, compressed when it is large enough and the client accepts br or gzip. */
export function sendAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  body: unknown,
): FastifyReply | Promise<FastifyReply> {
  const json = JSON.stringify(body);
  void reply.header('Content-Type', 'application/json; charset=utf-8');
  // a string's length counts UTF-16 units: Chinese text is 3 bytes each in UTF-8, so this errs towards compressing
  if (json.length < COMPRESS_THRESHOLD / 3) return reply.send(json);
  const bytes = Buffer.from(json, 'utf8');
  if (bytes.length < COMPRESS_THRESHOLD) return reply.send(bytes);
  void reply.header('Vary', 'Accept-Encoding');
  const encoding = encodingFor(request.headers['accept-encoding']);
  if (encoding === null) return reply.send(bytes);
  void reply.header('Content-Encoding', encoding);
  if (bytes.length > SYNC_COMPRESS_LIMIT) {
    const packed = encoding === 'br' ? brotliAsync(bytes, brotliOptions(bytes.length)) : gzipAsync(bytes);
    return packed.then((b) => reply.send(b));
  }
  return reply.send(encoding === 'br' ? brotliCompressSync(bytes, brotliOptions(bytes.length)) : gzipSync(bytes));
}
