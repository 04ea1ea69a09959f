/** Identifiers and secrets, from a source the runtime chooses (crypto in production, a sequence in tests). */
export interface Ids {
  /** A new unique id for a record. */
  id(): string;
  /** `n` random characters from `alphabet` (invite codes, tokens). */
  random(n: number, alphabet: string): string;
}

/** The two crypto functions the ids need: node's `crypto.randomUUID` and `crypto.randomInt` (unbiased). */
export interface CryptoSource {
  randomUUID(): string;
  /** A uniform whole number in [0, max). */
  randomInt(max: number): number;
}

/**
 * Crypto-random ids and codes: the one implementation both runtimes use. Core takes no runtime import, so each
 * runtime hands in its own `crypto` (`cryptoIdsOf({ randomUUID, randomInt })`).
 */
export function cryptoIdsOf(crypto: CryptoSource): Ids {
  return {
    id: () => crypto.randomUUID(),
    random(n: number, alphabet: string): string {
      let out = '';
      for (let i = 0; i < n; i++) out += alphabet[crypto.randomInt(alphabet.length)];
      return out;
    },
  };
}
