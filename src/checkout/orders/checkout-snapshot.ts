import { CodeTerms } from '../../catalog/codes/code-rules';
import { EventStatus } from '../../catalog/events/event-status';
import { AttendeeDetailsPolicy } from '../../catalog/questions/question-type';
import { TaxMode } from '../../catalog/tiers/tax-mode';
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
  /** The event has a waiting room: an order needs an admission token. */
  queueEnabled: boolean;
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
  attendeeDetails: AttendeeDetailsPolicy;
  /** Copied onto the order items with the price. */
  taxRateBps: number;
  taxMode: TaxMode;
  /** A required question of the event is asked for this tier's tickets. */
  asksRequired: boolean;
}

/** The code a buyer typed, as checkout prices and checks it (its uses are checked again under the lock). */
export interface CheckoutCode extends CodeTerms {
  code: string;
  maxUses: number | null;
  used: number;
  held: number;
}

/**
 * The hot path's one unlocked read (`loadCheckoutSnapshot`): the event, its promoter's status, the requested
 * live tiers of that event and the code the buyer typed (null when none, or none matches). Plain data, not
 * half-filled entities, so nothing can mistake it for a loaded row.
 */
export interface CheckoutSnapshot {
  event: CheckoutEvent;
  tiers: CheckoutTier[];
  code: CheckoutCode | null;
}
