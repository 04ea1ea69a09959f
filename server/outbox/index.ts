/**
 * The local runtime's Messenger: records each subscription message exactly as `subscribeMessage.send` would
 * receive it (key, touser, kind, templateId, page, data) in the `outbox` table, instead of sending it.
 */
import type Database from 'better-sqlite3';
import type { MessageKind } from '../../core/model';
import type { Messenger, OutgoingMessage } from '../../core/ports/messenger';

export interface OutboxEntry extends OutgoingMessage {
  id: number;
  /** When it was recorded (UTC ISO). */
  sentAt: string;
}

export class OutboxMessenger implements Messenger {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  private insert?: Database.Statement;

  private record(m: OutgoingMessage): void {
    (this.insert ??= this.db.prepare(
      `INSERT INTO outbox (key, touser, kind, template_id, page, data, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )).run(m.key, m.touser, m.kind, m.templateId, m.page, JSON.stringify(m.data), this.now());
  }

  async send(m: OutgoingMessage): Promise<void> {
    this.record(m);
  }

  /** Records them all in one transaction: all go, or the error is each one's. */
  async sendMany(messages: OutgoingMessage[]): Promise<(Error | null)[]> {
    this.db.transaction(() => messages.forEach((m) => this.record(m)))();
    return messages.map(() => null);
  }
}

/** The recorded messages, oldest first; optionally only those to one recipient. */
export function listOutbox(db: Database.Database, filter: { touser?: string; limit?: number } = {}): OutboxEntry[] {
  const where = filter.touser === undefined ? '' : 'WHERE touser = @touser';
  const rows = db
    .prepare(`SELECT * FROM outbox ${where} ORDER BY id LIMIT @limit`)
    .all({ touser: filter.touser, limit: filter.limit ?? -1 }) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: Number(r.id),
    key: String(r.key),
    touser: String(r.touser),
    kind: String(r.kind) as MessageKind,
    templateId: String(r.template_id),
    page: String(r.page),
    data: JSON.parse(String(r.data)) as OutgoingMessage['data'],
    sentAt: String(r.sent_at),
  }));
}
