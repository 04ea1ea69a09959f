/**
 * Test doubles for the reminder engine: a Messenger that records what it sends and fails on cue with WeChat's
 * errcodes. Used by the ReminderStore contract (reminders.contract.ts) and the runtimes' reminder tests.
 */
import { MessengerError, type Messenger, type OutgoingMessage } from '../ports/messenger';

/** Records every send; `cue` decides, per message and attempt, whether WeChat refuses it (and with which errcode). */
export class CueMessenger implements Messenger {
  readonly sent: OutgoingMessage[] = [];
  readonly attempts = new Map<string, number>();
  cue: (message: OutgoingMessage, attempt: number) => MessengerError | Error | null = () => null;
  /** Milliseconds each send takes (lets concurrent passes interleave). */
  delayMs = 0;

  async send(message: OutgoingMessage): Promise<void> {
    const attempt = (this.attempts.get(message.key) ?? 0) + 1;
    this.attempts.set(message.key, attempt);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const err = this.cue(message, attempt);
    if (err) throw err;
    this.sent.push(message);
  }
}

export const refused = (): MessengerError => new MessengerError(43101, 'user refuse to accept the msg rid: 1');
export const badData = (field: string): MessengerError =>
  new MessengerError(47003, `argument invalid! data.${field}.value exceeds limit rid: 2`);
export const busy = (): MessengerError => new MessengerError(-1, 'system error');
