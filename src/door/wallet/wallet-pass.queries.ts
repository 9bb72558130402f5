import { EntityManager } from 'typeorm';
import { TicketStatus, TicketVoidReason } from '../../checkout/tickets/ticket.entity';

/** What a wallet pass shows: the ticket, its tier, its event and the promoter that runs it. */
export interface PassFacts {
  ticketId: string;
  holderId: string;
  code: string;
  status: TicketStatus;
  voidReason: TicketVoidReason | null;
  attendeeName: string;
  tierName: string;
  eventId: string;
  eventTitle: string;
  startsAt: Date;
  endsAt: Date;
  venueName: string;
  venueAddress: string;
  venueCity: string;
  promoterName: string;
}

export async function passFacts(manager: EntityManager, ticketId: string): Promise<PassFacts | null> {
  const rows = (await manager.query(
    `SELECT t.id AS "ticketId", t.holder_id AS "holderId", t.code, t.status, t.void_reason AS "voidReason",
            t.attendee_name AS "attendeeName", tt.name AS "tierName", e.id AS "eventId", e.title AS "eventTitle",
            e.starts_at AS "startsAt", e.ends_at AS "endsAt", e.venue_name AS "venueName",
            e.venue_address AS "venueAddress", e.venue_city AS "venueCity", p.name AS "promoterName"
       FROM tickets t
       JOIN ticket_tiers tt ON tt.id = t.tier_id
       JOIN events e ON e.id = t.event_id
       JOIN promoters p ON p.id = e.promoter_id
      WHERE t.id = $1`,
    [ticketId],
  )) as PassFacts[];
  return rows[0] ?? null;
}
