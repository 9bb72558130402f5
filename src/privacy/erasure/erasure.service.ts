import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { SessionsService } from '../../accounts/auth/sessions.service';
import { User } from '../../accounts/users/user.entity';
import { UsersService } from '../../accounts/users/users.service';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { OrderExpiryService } from '../../checkout/orders/order-expiry.service';
import { RefundsService } from '../../checkout/orders/refunds.service';
import { DataExportsService } from '../exports/data-exports.service';
import { erasureBlocker, ErasureBlocker, ticketsToRefund } from './erasure.queries';

/** The placeholders that replace an erased user's name and email everywhere. */
export const ERASED_NAME = 'Erased user';
export const erasedEmail = (userId: string) => `erased-${userId}@erased.invalid`;

/** Who asked for the erasure. */
export interface ErasureRequest {
  actor: AuthUser;
  meta: RequestMeta;
}

/**
 * GDPR erasure. Personal data goes; what the law keeps for the books stays, pseudonymised: orders, payments,
 * refunds and tickets keep their ids and amounts, with a placeholder instead of the name and email. Before
 * anything is erased, pending holds are released and tickets for events still to come are refunded through the
 * organiser's refund path; a ticket that cannot be refunded automatically refuses the whole request
 * (409 ERASURE_REFUSED, details.reason). Every step is audited.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger(ErasureService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly expiry: OrderExpiryService,
    private readonly refunds: RefundsService,
    private readonly exports: DataExportsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** `DELETE /me`: the password is asked again, so a stolen access token alone cannot erase an account. */
  async eraseSelf(caller: AuthUser, password: string, meta: RequestMeta): Promise<void> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new DomainError('TOKEN_INVALID', 'The account no longer exists');
    if (!(await this.users.verifyPassword(user, password))) {
      throw new DomainError('INVALID_CREDENTIALS', 'The password is wrong');
    }
    await this.erase(user.id, { actor: caller, meta });
  }

  /** `DELETE /admin/users/{id}`. An admin erases others; their own account goes through `DELETE /me`. */
  async eraseByAdmin(userId: string, request: ErasureRequest): Promise<void> {
    if (userId === request.actor.id) {
      throw new DomainError('CANNOT_MODIFY_SELF', 'Erase your own account with DELETE /me');
    }
    await this.erase(userId, request);
  }

  private async erase(userId: string, { actor, meta }: ErasureRequest): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) throw DomainError.notFound('User', userId);
    const now = this.clock.now();
    const blocker = await erasureBlocker(this.dataSource.manager, user, now);
    if (blocker) await this.refuse(user, actor, meta, blocker);
    await this.recordStep(this.dataSource.manager, actor, meta, user.id, 'privacy.erasure_started', {});

    const holds = (await this.dataSource.query(
      `SELECT id FROM orders WHERE buyer_id = $1 AND status = 'pending'`,
      [user.id],
    )) as Array<{ id: string }>;
    for (const { id } of holds) await this.expiry.cancelHold(id, 'buyer');
    const refunds = await ticketsToRefund(this.dataSource.manager, user.id, now);
    for (const { orderId, ticketIds } of refunds) {
      await this.refunds.refundForErasure(orderId, ticketIds, actor.id, meta);
    }

    await this.dataSource.transaction(async (m) => {
      const locked = await this.users.lockById(m, user.id);
      if (!locked) throw DomainError.notFound('User', userId);
      await this.sessions.revokeAll(m, user.id);
      await this.pseudonymise(m, locked, now);
      await this.exports.deleteAll(m, user.id);
      // The request's address and device are the erased user's own personal data when they asked themselves.
      const requestMeta = actor.id === user.id ? {} : meta;
      await this.recordStep(m, actor, requestMeta, user.id, 'privacy.erased', {
        cancelledHolds: holds.map((h) => h.id),
        refundedOrders: refunds.map((r) => r.orderId),
      });
    });
    this.logger.log({ userId, by: actor.id }, 'account erased');
  }

  /** Replaces the personal data in every table that holds it, in the erasure's transaction. */
  private async pseudonymise(m: EntityManager, user: User, now: Date): Promise<void> {
    const id = user.id;
    const email = erasedEmail(id);
    const old = user.email;
    await m.update(
      User,
      { id },
      {
        email,
        name: ERASED_NAME,
        // Not an argon2 hash of anything: no password matches it.
        passwordHash: `erased:${randomBytes(16).toString('hex')}`,
        locale: 'en',
        emailVerifiedAt: null,
        failedLoginCount: 0,
        lockedUntil: null,
        erasedAt: now,
        deletedAt: now,
      },
    );
    const statements: Array<[string, unknown[]]> = [
      [`UPDATE users SET status = 'disabled' WHERE id = $1`, [id]],
      [`DELETE FROM auth_sessions WHERE user_id = $1`, [id]],
      [`DELETE FROM refresh_tokens WHERE user_id = $1`, [id]],
      [`DELETE FROM user_mfa WHERE user_id = $1`, [id]],
      [`DELETE FROM mfa_recovery_codes WHERE user_id = $1`, [id]],
      [`DELETE FROM mfa_challenges WHERE user_id = $1`, [id]],
      [`DELETE FROM email_verification_tokens WHERE user_id = $1`, [id]],
      [`DELETE FROM password_reset_tokens WHERE user_id = $1`, [id]],
      [`DELETE FROM user_notifications WHERE user_id = $1`, [id]],
      [`DELETE FROM promoter_members WHERE user_id = $1`, [id]],
      [`DELETE FROM promoter_invites WHERE email = $1`, [old]],
      [`UPDATE orders SET attendee_drafts = '[]' WHERE buyer_id = $1`, [id]],
      [
        `UPDATE tickets SET attendee_name = $2, attendee_email = $3, answers = '{}'
          WHERE holder_id = $1
             OR (lower(attendee_email) = $4 AND order_id IN (SELECT o.id FROM orders o WHERE o.buyer_id = $1))`,
        [id, ERASED_NAME, email, old],
      ],
      [
        `UPDATE ticket_transfers SET recipient_email = $2, recipient_name = $3 WHERE lower(recipient_email) = $1`,
        [old, email, ERASED_NAME],
      ],
      // Emails still to send (the refunds of this erasure) go out; the copies of sent ones lose their content.
      [
        `UPDATE notifications SET recipient = $2, data = '{}', subject = NULL, body_text = NULL, body_html = NULL
          WHERE recipient = $1 AND status <> 'queued'`,
        [old, email],
      ],
      [
        `UPDATE audit_entries SET ip = NULL, user_agent = NULL,
                before = CASE WHEN before IS NULL THEN NULL ELSE before - 'email' END,
                after = CASE WHEN after IS NULL THEN NULL ELSE after - 'email' END
          WHERE actor_id = $1::uuid OR (entity_type = 'user' AND entity_id = $1::text)
             OR after->>'email' = $2`,
        [id, old],
      ],
    ];
    for (const [sql, params] of statements) await m.query(sql, params);
  }

  private async refuse(
    user: User,
    actor: AuthUser,
    meta: RequestMeta,
    blocker: ErasureBlocker,
  ): Promise<never> {
    await this.recordStep(this.dataSource.manager, actor, meta, user.id, 'privacy.erasure_refused', {
      ...blocker,
    });
    throw new DomainError('ERASURE_REFUSED', blocker.message, { reason: blocker.reason, ids: blocker.ids });
  }

  private recordStep(
    m: EntityManager,
    actor: AuthUser,
    meta: RequestMeta,
    userId: string,
    action: string,
    after: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(m, {
      actorId: actor.id,
      action,
      entityType: 'user',
      entityId: userId,
      meta,
      after,
    });
  }
}
