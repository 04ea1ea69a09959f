import type { Instant } from '../model';

/** Where use cases take `now` from, so tests can move time. */
export interface Clock {
  now(): Instant;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };
