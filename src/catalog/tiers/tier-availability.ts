import { EventStatus } from '../events/event-status';

export enum TierSaleStatus {
  OnSale = 'on_sale',
  SoldOut = 'sold_out',
  NotStarted = 'not_started',
  Ended = 'ended',
}

export interface TierAvailabilityInput {
  capacity: number;
  sold: number;
  held: number;
  salesStartAt: Date | null;
  salesEndAt: Date | null;
  event: {
    status: EventStatus;
    endsAt: Date;
    salesStartAt: Date | null;
    salesEndAt: Date | null;
    deleted: boolean;
  };
}

export interface TierAvailability {
  capacity: number;
  sold: number;
  held: number;
  available: number;
  status: TierSaleStatus;
}

const later = (a: Date | null, b: Date | null): Date | null => (!a ? b : !b ? a : a > b ? a : b);
const earlier = (a: Date | null, b: Date | null): Date | null => (!a ? b : !b ? a : a < b ? a : b);

/**
 * Whether a tier can be bought at `now`. A tier sells inside both its own window and the event's; a missing
 * start means "as soon as the event is published", a missing end means "until the event ends". A draft has
 * not started; a cancelled, completed or deleted event has ended. Timing wins over stock: an ended tier with
 * no units left is `ended`, not `sold_out`.
 */
export function tierAvailability(tier: TierAvailabilityInput, now: Date): TierAvailability {
  const available = Math.max(0, tier.capacity - tier.sold - tier.held);
  const counts = { capacity: tier.capacity, sold: tier.sold, held: tier.held, available };
  const { event } = tier;
  if (event.deleted || event.status === EventStatus.Cancelled || event.status === EventStatus.Completed) {
    return { ...counts, status: TierSaleStatus.Ended };
  }
  const opens = later(tier.salesStartAt, event.salesStartAt);
  const closes = earlier(earlier(tier.salesEndAt, event.salesEndAt), event.endsAt);
  if (closes && now >= closes) return { ...counts, status: TierSaleStatus.Ended };
  if (event.status === EventStatus.Draft || (opens && now < opens)) {
    return { ...counts, status: TierSaleStatus.NotStarted };
  }
  if (available === 0) return { ...counts, status: TierSaleStatus.SoldOut };
  return { ...counts, status: TierSaleStatus.OnSale };
}
