import type { MessageKind } from '../model';

/** A WeChat subscription message exactly as sent (`subscribeMessage.send`). */
export interface OutgoingMessage {
  /** Unique key (assignment, kind, due date, user): the same key is never sent twice. */
  key: string;
  kind: MessageKind;
  touser: string;
  templateId: string;
  /** Page path that opens the task, e.g. `pages/task/index?id=…`. */
  page: string;
  data: Record<string, { value: string }>;
}

/**
 * Sends subscription messages. A refusal throws a MessengerError carrying WeChat's errcode
 * (43101 no credit / refused, 47003 bad data, 40037 bad template, …).
 */
export interface Messenger {
  send(message: OutgoingMessage): Promise<void>;
  /**
   * Optional: sends several at once (the local outbox records them in one transaction); each message's error, or
   * null when it went. A messenger without it (WeChat: one call per message) is called one message at a time.
   */
  sendMany?(messages: OutgoingMessage[]): Promise<(Error | null)[]>;
}

export class MessengerError extends Error {
  readonly errCode: number;
  constructor(errCode: number, message: string) {
    super(message);
    this.name = 'MessengerError';
    this.errCode = errCode;
  }
}

/**
 * WeChat's answer to `subscribeMessage.send`, from the CloudBase SDK (`errCode`/`errMsg`) or the server API
 * (`errcode`/`errmsg`), turned into core's outcome: nothing when sent, a MessengerError carrying the errcode
 * otherwise. The reminder pass decides what each code means (core/remind/pass.ts); both Messengers use this.
 */
export function throwOnSendError(answer: unknown): void {
  if (!answer || typeof answer !== 'object') return;
  const a = answer as { errCode?: unknown; errcode?: unknown; errMsg?: unknown; errmsg?: unknown };
  const code = Number(a.errCode ?? a.errcode ?? 0);
  if (!Number.isFinite(code) || code === 0) return;
  throw new MessengerError(code, String(a.errMsg ?? a.errmsg ?? ''));
}
