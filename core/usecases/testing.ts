/**
 * Test doubles of the ports the use cases reach the world through: a clock that stands still until moved,
 * sequential ids, a Messenger that records what it sends (and fails on cue), a ContentCheck that answers what it
 * is told, and Files in memory. Pure: the test world built from them is core/testing/world.ts.
 */
import type { Instant } from '../model';
import type { Clock } from '../ports/clock';
import type { ContentCheck, ContentVerdict } from '../ports/contentCheck';
import type { Files } from '../ports/files';
import type { Ids } from '../ports/ids';
import type { Messenger, OutgoingMessage } from '../ports/messenger';
import type { PhotoProcessor } from '../ports/photos';

export class FixedClock implements Clock {
  constructor(private at: Instant) {}
  now(): Instant {
    return this.at;
  }
  set(at: Instant): void {
    this.at = new Date(at).toISOString();
  }
  advanceDays(days: number): void {
    this.at = new Date(Date.parse(this.at) + days * 86400000).toISOString();
  }
  advanceMinutes(minutes: number): void {
    this.at = new Date(Date.parse(this.at) + minutes * 60000).toISOString();
  }
}

/** `id-000001`, `id-000002`, …; random strings walk the alphabet so that each one differs. */
export class SequentialIds implements Ids {
  private n = 0;
  private r = 0;
  constructor(private readonly prefix = 'id') {}
  id(): string {
    this.n += 1;
    return `${this.prefix}-${String(this.n).padStart(6, '0')}`;
  }
  random(n: number, alphabet: string): string {
    this.r += 1;
    let x = this.r * 7919;
    let out = '';
    for (let i = 0; i < n; i++) {
      out += alphabet[x % alphabet.length];
      x = Math.floor(x / alphabet.length) + i * 31 + this.r;
    }
    return out;
  }
}

export class RecordingMessenger implements Messenger {
  readonly sent: OutgoingMessage[] = [];
  /** Set to make the next sends fail (e.g. `() => new MessengerError(43101, 'refused')`). */
  failWith: ((m: OutgoingMessage) => Error | null) | null = null;
  async send(message: OutgoingMessage): Promise<void> {
    const err = this.failWith?.(message);
    if (err) throw err;
    this.sent.push(message);
  }
}

/** Answers 'pass' unless the text contains a word it was told about. */
export class ScriptedContentCheck implements ContentCheck {
  readonly checked: string[] = [];
  private readonly words = new Map<string, ContentVerdict>();
  failing: Error | null = null;
  say(word: string, verdict: ContentVerdict): this {
    this.words.set(word, verdict);
    return this;
  }
  async checkText(text: string): Promise<ContentVerdict> {
    if (this.failing) throw this.failing;
    this.checked.push(text);
    let verdict: ContentVerdict = 'pass';
    for (const [word, v] of this.words) {
      if (text.includes(word) && (v === 'risky' || verdict === 'pass')) verdict = v;
    }
    return verdict;
  }
}

/** A PhotoProcessor for worlds without an image library: every photo is undecodable (no stamp, no hash). */
export const undecodablePhotos: PhotoProcessor = {
  grey: async () => {
    throw new Error('no image library in this world');
  },
  takenAt: async () => null,
  stamp: async () => {
    throw new Error('no image library in this world');
  },
};

export class MemoryFiles implements Files {
  private readonly files = new Map<string, { owner: string; bytes: Uint8Array }>();
  readonly exports = new Map<string, Uint8Array>();
  /** An uploaded file: `owner` is the principal who uploaded it. */
  put(fileId: string, owner: string, bytes: Uint8Array = new Uint8Array([1, 2, 3])): string {
    this.files.set(fileId, { owner, bytes });
    return fileId;
  }
  async ownedBy(fileId: string, principal: string): Promise<boolean> {
    return this.files.get(fileId)?.owner === principal;
  }
  async urls(fileIds: string[]): Promise<Record<string, string>> {
    return Object.fromEntries(fileIds.filter((id) => this.files.has(id)).map((id) => [id, `memory://files/${id}`]));
  }
  async read(fileId: string): Promise<Uint8Array> {
    const f = this.files.get(fileId);
    if (!f) throw new Error(`no such file: ${fileId}`);
    return f.bytes;
  }
  private copies = 0;
  async savePhotoCopy(bytes: Uint8Array): Promise<string> {
    this.copies += 1;
    const fileId = `stamped/${this.copies}.jpg`;
    this.files.set(fileId, { owner: '', bytes });
    return fileId;
  }
  async saveExport(fileName: string, bytes: Uint8Array): Promise<{ fileId: string; url: string }> {
    const fileId = `export/${fileName}`;
    this.exports.set(fileId, bytes);
    return { fileId, url: `memory://exports/${encodeURIComponent(fileName)}` };
  }
}
