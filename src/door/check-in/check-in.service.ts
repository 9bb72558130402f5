import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { MemberRole } from '../../access/member-role';
import { AccessService } from '../../access/access.service';
import { CheckInResultDto } from './dto/check-in.dto';
import { Ticket, TicketStatus } from '../../checkout/tickets/ticket.entity';
import { TicketSigner } from '../../checkout/tickets/ticket-signer';

interface CheckedInRow {
  id: string;
  order_id: string;
  tier_id: string;
  attendee_name: string;
  checked_in_at: Date;
  tier_name: string;
}

/**
 * The door. The signature is checked first, without the database, so a forged code costs nothing. The check-in
 * itself is one conditional update (`status = 'valid'`), so of any number of simultaneous scans exactly one wins.
 */
@Injectable()
export class CheckInService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly signer: TicketSigner,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async checkIn(user: AuthUser, eventId: string, code: string, meta: RequestMeta): Promise<CheckInResultDto> {
    const claims = this.signer.verify(code);
    if (!claims) throw new DomainError('INVALID_TICKET_CODE', 'This code is not a genuine ticket');
    await this.access.requireEventRole(user, eventId, MemberRole.Staff);
    if (claims.eventId !== eventId) {
      throw new DomainError('TICKET_WRONG_EVENT', 'This ticket is for another event', {
        ticketEventId: claims.eventId,
      });
    }
    const row = await this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE tickets t SET status = 'checked_in', checked_in_at = $3, checked_in_by = $4, updated_at = now()
           FROM ticket_tiers tt
          WHERE t.id = $1 AND t.event_id = $2 AND t.status = 'valid' AND tt.id = t.tier_id
          RETURNING t.id, t.order_id, t.tier_id, t.attendee_name, t.checked_in_at, tt.name AS tier_name`,
        [claims.ticketId, eventId, this.clock.now(), user.id],
      )) as [CheckedInRow[], number];
      if (rows.length === 0) return null;
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'ticket.checked_in',
        entityType: 'ticket',
        entityId: claims.ticketId,
        meta,
        before: { status: TicketStatus.Valid },
        after: { status: TicketStatus.CheckedIn, eventId },
      });
      await this.events.emit(manager, 'TicketCheckedIn', {
        ticketId: claims.ticketId,
        eventId,
        checkedInBy: user.id,
        checkedInAt: rows[0].checked_in_at,
      });
      return rows[0];
    });
    if (!row) throw await this.refusal(claims.ticketId);
    return {
      ticketId: row.id,
      orderId: row.order_id,
      eventId,
      tierId: row.tier_id,
      tierName: row.tier_name,
      attendeeName: row.attendee_name,
      checkedInAt: row.checked_in_at,
      checkedInBy: user.id,
    };
  }

  /** Why the conditional update matched nothing. */
  private async refusal(ticketId: string): Promise<DomainError> {
    const ticket = await this.dataSource.manager.findOne(Ticket, { where: { id: ticketId } });
    if (!ticket) return DomainError.notFound('Ticket', ticketId);
    if (ticket.status === TicketStatus.CheckedIn) {
      return new DomainError('ALREADY_CHECKED_IN', 'This ticket was already checked in', {
        checkedInAt: ticket.checkedInAt,
        checkedInBy: ticket.checkedInBy,
      });
    }
    return new DomainError('TICKET_VOID', `This ticket is void (${ticket.voidReason ?? 'void'})`, {
      reason: ticket.voidReason,
      voidedAt: ticket.voidedAt,
    });
  }
}
