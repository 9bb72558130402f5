import { EntityManager } from 'typeorm';
import { User } from '../../accounts/users/user.entity';
import { Role } from '../../platform/auth/roles';

/** Why an account cannot be erased yet, with the objects in the way. */
export interface ErasureBlocker {
  reason: 'last_admin' | 'sole_promoter_owner' | 'ticket_checked_in' | 'ticket_received_by_transfer';
  message: string;
  ids: string[];
}

interface LiveTicket {
  id: string;
  order_id: string;
  status: string;
  buyer_id: string;
}

/** The user's live tickets for events that have not started. */
function futureTickets(m: EntityManager, userId: string, now: Date): Promise<LiveTicket[]> {
  return m.query(
    `SELECT t.id, t.order_id, t.status, o.buyer_id
       FROM tickets t JOIN events e ON e.id = t.event_id JOIN orders o ON o.id = t.order_id
      WHERE t.holder_id = $1 AND t.status <> 'void' AND e.starts_at > $2
      ORDER BY t.order_id, t.id`,
    [userId, now],
  );
}

/**
 * What stops an erasure, checked before anything changes: the last admin; the only owner of a promoter (the
 * promoter would be left without one: add another owner first); a ticket for a future event that was already
 * checked in, or that someone else paid for and transferred to the user (refunding it would pay the wrong
 * person). Null when nothing does.
 */
export async function erasureBlocker(
  m: EntityManager,
  user: User,
  now: Date,
): Promise<ErasureBlocker | null> {
  if (user.role === Role.Admin) {
    const [{ n }] = (await m.query(
      `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND status = 'active' AND deleted_at IS NULL`,
    )) as Array<{ n: number }>;
    if (n <= 1) return { reason: 'last_admin', message: 'The last admin cannot be erased', ids: [user.id] };
  }
  const owned = (await m.query(
    `SELECT m.promoter_id FROM promoter_members m
      WHERE m.user_id = $1 AND m.role = 'owner'
        AND NOT EXISTS (SELECT 1 FROM promoter_members o
                         WHERE o.promoter_id = m.promoter_id AND o.role = 'owner' AND o.user_id <> $1)`,
    [user.id],
  )) as Array<{ promoter_id: string }>;
  if (owned.length > 0) {
    return {
      reason: 'sole_promoter_owner',
      message: 'The account is the only owner of a promoter: make someone else an owner first',
      ids: owned.map((r) => r.promoter_id),
    };
  }
  const tickets = await futureTickets(m, user.id, now);
  const checkedIn = tickets.filter((t) => t.status === 'checked_in');
  if (checkedIn.length > 0) {
    return {
      reason: 'ticket_checked_in',
      message:
        'A ticket for an event still to come was already checked in, so it cannot be refunded automatically',
      ids: checkedIn.map((t) => t.id),
    };
  }
  const received = tickets.filter((t) => t.buyer_id !== user.id);
  if (received.length > 0) {
    return {
      reason: 'ticket_received_by_transfer',
      message:
        'A ticket for an event still to come was paid for by someone else; transfer it back or wait for the event',
      ids: received.map((t) => t.id),
    };
  }
  return null;
}

/** The refunds an erasure makes: the user's own tickets for events still to come, by order. */
export async function ticketsToRefund(
  m: EntityManager,
  userId: string,
  now: Date,
): Promise<Array<{ orderId: string; ticketIds: string[] }>> {
  const byOrder = new Map<string, string[]>();
  for (const t of await futureTickets(m, userId, now)) {
    if (t.buyer_id !== userId || t.status !== 'valid') continue;
    byOrder.set(t.order_id, [...(byOrder.get(t.order_id) ?? []), t.id]);
  }
  return [...byOrder].map(([orderId, ticketIds]) => ({ orderId, ticketIds }));
}
