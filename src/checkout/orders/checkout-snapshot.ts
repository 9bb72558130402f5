import { EventStatus } from '../../catalog/events/event-status';
import { PromoterStatus } from '../../catalog/promoters/promoter-status';

/** An event as checkout validates it: only what the rules read. */
export interface CheckoutEvent {
  id: string;
  status: EventStatus;
  currency: string;
  endsAt: Date;
  salesStartAt: Date | null;
  salesEndAt: Date | null;
  deleted: boolean;
  promoterStatus: PromoterStatus | null;
}

/** A requested tier as checkout validates and prices it. */
export interface CheckoutTier {
  id: string;
  name: string;
  price: number;
  capacity: number;
  sold: number;
  held: number;
  salesStartAt: Date | null;
  salesEndAt: Date | null;
  minPerOrder: number;
  maxPerOrder: number;
  hidden: boolean;
}

/**
 * The hot path's one unlocked read (`loadCheckoutSnapshot`): the event, its promoter's status and the requested
 * live tiers of that event. Plain data, not half-filled entities, so nothing can mistake it for a loaded row.
 */
export interface CheckoutSnapshot {
  event: CheckoutEvent;
  tiers: CheckoutTier[];
}
