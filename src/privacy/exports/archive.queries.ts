import { EntityManager } from 'typeorm';

/** Keys never exported: credentials (a ticket's admission code, a payment's client secret) and internals. */
const HIDDEN = `- 'code' - 'change_xid' - 'payment_client_secret' - 'token_hash' - 'password_hash'`;

/**
 * Every section of a GDPR export: what the platform holds about one user, table by table. Each query returns
 * JSON rows (columns as stored, snake_case), so a new column shows up in the next export without a code change,
 * except the credentials listed in HIDDEN.
 */
const SECTIONS: Record<string, string> = {
  account: `SELECT jsonb_build_object('id', id, 'email', email, 'name', name, 'role', role, 'status', status,
              'locale', locale, 'email_verified_at', email_verified_at, 'created_at', created_at,
              'updated_at', updated_at) AS row
              FROM users WHERE id = $1`,
  sessions: `SELECT to_jsonb(s) AS row FROM auth_sessions s WHERE s.user_id = $1 ORDER BY s.created_at`,
  twoFactor: `SELECT jsonb_build_object('enabled_at', enabled_at, 'created_at', created_at) AS row
                FROM user_mfa WHERE user_id = $1`,
  orders: `SELECT to_jsonb(o) ${HIDDEN} AS row FROM orders o WHERE o.buyer_id = $1 ORDER BY o.created_at`,
  orderItems: `SELECT to_jsonb(i) AS row FROM order_items i JOIN orders o ON o.id = i.order_id
                WHERE o.buyer_id = $1 ORDER BY o.created_at, i.id`,
  payments: `SELECT to_jsonb(p) ${HIDDEN} AS row FROM payments p JOIN orders o ON o.id = p.order_id
              WHERE o.buyer_id = $1 ORDER BY p.created_at`,
  tickets: `SELECT to_jsonb(t) ${HIDDEN} AS row FROM tickets t
             WHERE t.holder_id = $1 OR t.order_id IN (SELECT id FROM orders WHERE buyer_id = $1)
             ORDER BY t.created_at, t.id`,
  transfers: `SELECT to_jsonb(x) ${HIDDEN} AS row FROM ticket_transfers x
               WHERE x.sender_id = $1 OR x.recipient_id = $1 ORDER BY x.created_at`,
  resaleListings: `SELECT to_jsonb(r) AS row FROM ticket_resales r WHERE r.seller_id = $1 ORDER BY r.created_at`,
  waitlistEntries: `SELECT to_jsonb(w) AS row FROM waitlist_entries w WHERE w.user_id = $1 ORDER BY w.created_at`,
  promoterMemberships: `SELECT to_jsonb(m) AS row FROM promoter_members m WHERE m.user_id = $1 ORDER BY m.created_at`,
  emails: `SELECT jsonb_build_object('id', id, 'template', template, 'status', status, 'subject', subject,
             'sent_at', sent_at, 'created_at', created_at) AS row
             FROM notifications WHERE recipient = (SELECT email FROM users WHERE id = $1) ORDER BY created_at`,
  notifications: `SELECT to_jsonb(n) AS row FROM user_notifications n WHERE n.user_id = $1 ORDER BY n.seq`,
  auditEntries: `SELECT to_jsonb(a) AS row FROM audit_entries a
                  WHERE a.actor_id = $1::uuid OR (a.entity_type = 'user' AND a.entity_id = $1::text)
                  ORDER BY a.created_at, a.id`,
};

export type Archive = Record<string, unknown>;

/** Reads every section for `userId`, in one snapshot (the caller's transaction). */
export async function buildArchive(m: EntityManager, userId: string, generatedAt: Date): Promise<Archive> {
  const archive: Archive = { format: 'ticket-vendor-export/1', generatedAt: generatedAt.toISOString() };
  for (const [section, sql] of Object.entries(SECTIONS)) {
    const rows = (await m.query(sql, [userId])) as Array<{ row: unknown }>;
    const values = rows.map((r) => r.row);
    archive[section] = section === 'account' || section === 'twoFactor' ? (values[0] ?? null) : values;
  }
  return archive;
}
