/** Identifiers and secrets, from a source the runtime chooses (crypto in production, a sequence in tests). */
export interface Ids {
  /** A new unique id for a record. */
  id(): string;
  /** `n` random characters from `alphabet` (invite codes, tokens). */
  random(n: number, alphabet: string): string;
}
