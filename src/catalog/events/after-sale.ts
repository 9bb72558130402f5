import { EventStatus } from './event-status';

/** What transfers and resale listings need to know about an event. */
export interface AfterSaleSettings {
  status: EventStatus;
  deletedAt: Date | null;
  startsAt: Date;
  transfersEnabled: boolean;
  resaleEnabled: boolean;
  transferCutoffMinutes: number;
}

/**
 * Whether a holder may still transfer (or list for resale) a ticket of this event at `now`: the promoter left it
 * switched on, the event is published and live, and the cut-off before the start has not passed.
 */
export function afterSaleOpen(event: AfterSaleSettings, kind: 'transfer' | 'resale', now: Date): boolean {
  const enabled = kind === 'transfer' ? event.transfersEnabled : event.resaleEnabled;
  const closesAt = event.startsAt.getTime() - event.transferCutoffMinutes * 60_000;
  return (
    enabled && event.status === EventStatus.Published && event.deletedAt === null && now.getTime() < closesAt
  );
}
