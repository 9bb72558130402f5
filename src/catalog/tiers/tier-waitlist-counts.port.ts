/** A tier's active waitlist entries. */
export interface WaitlistCounts {
  waiting: number;
  offered: number;
}

/**
 * What the catalog shows members about each tier's waitlist. The catalog only declares it; the waitlist module,
 * later in the graph, provides it (dependency inversion through DI, so the catalog imports nothing of it).
 */
export abstract class TierWaitlistCounts {
  /** Waiting and offered entries per tier of an event (tiers nobody waits for are absent). */
  abstract countsByTier(eventId: string): Promise<Map<string, WaitlistCounts>>;
}
