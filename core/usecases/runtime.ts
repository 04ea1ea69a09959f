/**
 * What a use case runs with: the ports of its runtime (SQLite + disk on the server, CloudBase in the cloud)
 * and who is calling.
 */
import type { Clock } from '../ports/clock';
import type { ContentCheck } from '../ports/contentCheck';
import type { Files } from '../ports/files';
import type { Ids } from '../ports/ids';
import type { Messenger } from '../ports/messenger';
import type { PhotoProcessor } from '../ports/photos';
import type { Store } from '../ports/store';
import type { ReminderStore } from '../ports/reminders';
import type { PlanReader } from '../ports/planReader';
import type { Instant, User } from '../model';
import type { Reach } from '../org/levels';

export interface Runtime {
  store: Store;
  files: Files;
  messenger: Messenger;
  contentCheck: ContentCheck;
  /** Decodes, reads and stamps report photos (sharp in both runtimes): core/evidence says what is done with them. */
  photos: PhotoProcessor;
  clock: Clock;
  ids: Ids;
  /**
   * The reminder engine's store (credits, message log, queued event messages: core/ports/reminders.ts), on the same
   * database as `store`. Use cases that cause a message (reviewReport, decideExtension, urge) queue it (events.ts);
   * the reminder pass (core/remind/pass.ts) sends it.
   */
  reminders: ReminderStore;
  /** Demo mode: the demo login exists and the app says so. */
  demo: boolean;
  /**
   * How documents to import are read (core/ports/planReader.ts): under the limits, in a worker on the local server;
   * in the call itself (`inlinePlanReader`) when not given.
   */
  planReader?: PlanReader;
  /** The runtime's per-person upload quota (the local server's server/files/quota.ts), shown by storageUsage. */
  uploadLimits?: { maxUploadBytes: number; uploadsPerMinute: number | null; dailyUploadBytes: number | null };
}

export interface Caller {
  /**
   * Who is behind the call: the WeChat OPENID on CloudBase; on the HTTP server the token's principal for bound
   * callers and a fresh random one for unbound callers. null when unknown (a timer).
   */
  principal: string | null;
  /** What wrong invite codes are counted against: the IP address or the OPENID. */
  throttleKey: string;
  /** The bound user, resolved by the runtime from the principal; null when unbound. */
  user: User | null;
  /**
   * When no user is bound because an admin removed the one this principal was (Store.whenRemoved): the instant of
   * removal, so the refusal says so (USER_REMOVED) instead of asking for a first invite code.
   */
  removedAt?: Instant | null;
}

/** What a use case's `run` receives: the runtime, the caller and the instant the call is handled at. */
export interface Context {
  rt: Runtime;
  caller: Caller;
  now: Instant;
}

/** A context whose caller is bound (every action except previewInvite, bind and demoLogin). */
export interface BoundContext extends Context {
  user: User;
  /**
   * The caller's reach when it was resolved before the use case ran (the local server decides it on the request
   * thread and hands it to the worker that runs a heavy action: server/worker/pool.ts); `callerReach` reads it.
   */
  reach?: Reach;
}
