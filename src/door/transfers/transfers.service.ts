import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { hashToken, newOpaqueToken } from '../../accounts/auth/token-crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthService } from '../../accounts/auth/auth.service';
import { AuthSessionDto } from '../../accounts/auth/dto/auth-session.dto';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { AppConfig } from '../../platform/config/app-config';
import { DomainError } from '../../platform/errors/domain-error';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { PageDto, toPage } from '../../platform/http/page';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { afterSaleOpen } from '../../catalog/events/after-sale';
import { Event } from '../../catalog/events/event.entity';
import { TicketDto } from '../../checkout/tickets/dto/ticket.dto';
import { Ticket, TicketVoidReason } from '../../checkout/tickets/ticket.entity';
import { assertTransferable } from '../../checkout/tickets/ticket-rules';
import { TicketsService } from '../../checkout/tickets/tickets.service';
import { InventoryService } from '../../inventory/inventory.service';
import { AcceptedTransferDto, AcceptTransferDto, CreateTransferDto, TransferDto } from './dto/transfer.dto';
import { TicketTransfer } from './ticket-transfer.entity';
import { TRANSFER_STATES, TransferStatus } from './transfer-status';

const toDto = (t: TicketTransfer): TransferDto => ({
  id: t.id,
  ticketId: t.ticketId,
  eventId: t.eventId,
  senderId: t.senderId,
  recipientEmail: t.recipientEmail,
  recipientName: t.recipientName,
  status: t.status,
  newTicketId: t.newTicketId,
  createdAt: t.createdAt,
  closedAt: t.closedAt,
});

interface People {
  sender: { name: string; email: string };
  tierName: string;
}

/**
 * Giving a ticket to someone else. The holder names the recipient; the recipient accepts with the token from
 * their email, signed in with an account of that email or creating one. Acceptance is one transaction that locks
 * the transfer, then the ticket (the order every path that touches a ticket keeps), voids the old code and
 * issues a new signed one to the recipient, emails both and emits `TicketTransferred`. Nothing moves in
 * inventory: one ticket dies, one is born. No transfer of a used, void or listed ticket, nor after the event's
 * cut-off, nor where the promoter switched transfers off.
 */
@Injectable()
export class TransfersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly tickets: TicketsService,
    private readonly inventory: InventoryService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly notifications: OutboxService,
    private readonly events: DomainEvents,
  ) {}

  async create(user: AuthUser, ticketId: string, dto: CreateTransferDto, meta: RequestMeta) {
    const email = dto.email.toLowerCase();
    if (email === user.email.toLowerCase()) {
      throw new DomainError('TRANSFER_TO_SELF', 'This ticket is already yours');
    }
    const token = newOpaqueToken();
    return this.dataSource.transaction(async (manager) => {
      const { ticket, event } = await this.lockHeld(manager, ticketId, user.id);
      const pending = await manager.findOne(TicketTransfer, {
        where: { ticketId, status: TransferStatus.Pending },
      });
      if (pending) {
        throw new DomainError('TRANSFER_PENDING', 'This ticket already has a pending transfer', {
          transferId: pending.id,
        });
      }
      const transfer = await manager.save(
        manager.create(TicketTransfer, {
          ticketId,
          eventId: ticket.eventId,
          senderId: user.id,
          recipientEmail: email,
          recipientName: dto.name,
          tokenHash: hashToken(token),
          status: TransferStatus.Pending,
          recipientId: null,
          newTicketId: null,
          closedAt: null,
        }),
      );
      const people = await this.people(manager, user.id, ticket.tierId);
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'ticket.transfer_offered',
        entityType: 'ticket',
        entityId: ticketId,
        meta,
        after: { transferId: transfer.id, recipientEmail: email },
      });
      await this.notifications.enqueue(manager, {
        to: email,
        template: 'ticket-transfer-offer',
        data: {
          name: dto.name,
          senderName: people.sender.name,
          eventTitle: event.title,
          startsAt: event.startsAt,
          timezone: event.timezone,
          tierName: people.tierName,
          acceptUrl: `${this.config.publicUrl}/transfers/${transfer.id}/accept?token=${token}`,
          transferId: transfer.id,
        },
        dedupeKey: `transfer-offer:${transfer.id}`,
      });
      return toDto(transfer);
    });
  }

  /** The sender takes a pending transfer back. */
  async cancel(user: AuthUser, transferId: string, meta: RequestMeta): Promise<TransferDto> {
    return this.dataSource.transaction(async (manager) => {
      const transfer = await this.lockTransfer(manager, transferId);
      if (!transfer || transfer.senderId !== user.id) throw DomainError.notFound('Transfer', transferId);
      this.assertPending(transfer);
      TRANSFER_STATES.assert(transfer.status, TransferStatus.Cancelled);
      Object.assign(transfer, { status: TransferStatus.Cancelled, closedAt: this.clock.now() });
      await manager.update(
        TicketTransfer,
        { id: transfer.id },
        { status: transfer.status, closedAt: transfer.closedAt },
      );
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'ticket.transfer_cancelled',
        entityType: 'ticket',
        entityId: transfer.ticketId,
        meta,
        before: { transferId, status: TransferStatus.Pending },
        after: { status: TransferStatus.Cancelled },
      });
      return toDto(transfer);
    });
  }

  /**
   * The recipient accepts. Signed in: the account's email must be the one the sender named. Not signed in: an
   * account is created for that email with `password` (and signed in), unless one exists, which must sign in.
   */
  async accept(
    user: AuthUser | undefined,
    transferId: string,
    dto: AcceptTransferDto,
    meta: RequestMeta,
  ): Promise<AcceptedTransferDto> {
    const transfer = await this.dataSource.manager
      .createQueryBuilder(TicketTransfer, 't')
      .addSelect('t.tokenHash')
      .where('t.id = :id', { id: transferId })
      .getOne();
    if (!transfer || !sameHash(transfer.tokenHash, hashToken(dto.token))) {
      throw DomainError.notFound('Transfer', transferId);
    }
    this.assertPending(transfer);
    const { recipientId, session } = await this.recipient(user, transfer, dto, meta);
    const accepted = await this.dataSource.transaction((manager) =>
      this.acceptInTransaction(manager, transferId, recipientId, meta),
    );
    return { ...accepted, session };
  }

  /** Transfers the caller sent, and those sent to the caller's email, newest first. */
  async listMine(user: AuthUser, query: PageQueryDto): Promise<PageDto<TransferDto>> {
    const [rows, total] = await this.dataSource.manager
      .createQueryBuilder(TicketTransfer, 't')
      .where('t.sender_id = :me OR t.recipient_email = :email', {
        me: user.id,
        email: user.email.toLowerCase(),
      })
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return toPage(rows.map(toDto), total, query);
  }

  private async acceptInTransaction(
    manager: EntityManager,
    transferId: string,
    recipientId: string,
    meta: RequestMeta,
  ): Promise<Omit<AcceptedTransferDto, 'session'>> {
    const transfer = (await this.lockTransfer(manager, transferId))!;
    this.assertPending(transfer);
    const { ticket, event } = await this.lockHeld(manager, transfer.ticketId, transfer.senderId);
    const now = this.clock.now();
    const [issued] = this.tickets.prepare({
      orderId: ticket.orderId,
      eventId: ticket.eventId,
      holderId: recipientId,
      attendee: { name: transfer.recipientName, email: transfer.recipientEmail },
      items: [{ tierId: ticket.tierId, quantity: 1 }],
    });
    await this.tickets.void(manager, [ticket.id], TicketVoidReason.Transferred, now);
    await this.tickets.insert(manager, [issued]);
    TRANSFER_STATES.assert(transfer.status, TransferStatus.Accepted);
    Object.assign(transfer, {
      status: TransferStatus.Accepted,
      recipientId,
      newTicketId: issued.id,
      closedAt: now,
    });
    await manager.update(
      TicketTransfer,
      { id: transfer.id },
      { status: transfer.status, recipientId, newTicketId: issued.id, closedAt: now },
    );
    await this.audit.record(manager, {
      actorId: recipientId,
      action: 'ticket.transferred',
      entityType: 'ticket',
      entityId: ticket.id,
      meta,
      before: { holderId: transfer.senderId, status: ticket.status },
      after: { holderId: recipientId, newTicketId: issued.id, transferId: transfer.id },
    });
    await this.notify(manager, transfer, issued, event);
    await this.events.emit(manager, 'TicketTransferred', {
      transferId: transfer.id,
      eventId: ticket.eventId,
      ticketId: ticket.id,
      newTicketId: issued.id,
      fromUserId: transfer.senderId,
      toUserId: recipientId,
    });
    return { transfer: toDto(transfer), ticket: TicketDto.from(issued) };
  }

  private async recipient(
    user: AuthUser | undefined,
    transfer: TicketTransfer,
    dto: AcceptTransferDto,
    meta: RequestMeta,
  ): Promise<{ recipientId: string; session: AuthSessionDto | null }> {
    if (user) {
      if (user.email.toLowerCase() !== transfer.recipientEmail) {
        throw new DomainError('TRANSFER_WRONG_RECIPIENT', 'Sign in with the email this ticket was sent to');
      }
      return { recipientId: user.id, session: null };
    }
    const existing = (await this.dataSource.query(`SELECT 1 FROM users WHERE lower(email) = $1`, [
      transfer.recipientEmail,
    ])) as unknown[];
    if (existing.length > 0) {
      throw new DomainError('TRANSFER_SIGN_IN_REQUIRED', 'Sign in with the email this ticket was sent to');
    }
    if (!dto.password) {
      throw new DomainError('VALIDATION_FAILED', 'Choose a password for your new account', {
        fields: [{ field: 'password', errors: ['password is required to create the account'] }],
      });
    }
    const session = await this.auth.register(
      { email: transfer.recipientEmail, password: dto.password, name: transfer.recipientName },
      meta,
    );
    return { recipientId: session.user.id, session };
  }

  /** The ticket, locked, held by `holderId` and free to hand on, with its event's transfer window open. */
  private async lockHeld(
    manager: EntityManager,
    ticketId: string,
    holderId: string,
  ): Promise<{ ticket: Ticket; event: Event }> {
    await this.inventory.setLockTimeout(manager);
    const ticket = await manager.findOne(Ticket, {
      where: { id: ticketId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!ticket || ticket.holderId !== holderId) throw DomainError.notFound('Ticket', ticketId);
    assertTransferable(ticket);
    const event = await manager.findOneOrFail(Event, { where: { id: ticket.eventId }, withDeleted: true });
    if (!afterSaleOpen(event, 'transfer', this.clock.now())) {
      throw new DomainError('TRANSFERS_CLOSED', 'Tickets of this event can no longer be transferred', {
        transfersEnabled: event.transfersEnabled,
        cutoffMinutes: event.transferCutoffMinutes,
      });
    }
    return { ticket, event };
  }

  private lockTransfer(manager: EntityManager, transferId: string): Promise<TicketTransfer | null> {
    return manager.findOne(TicketTransfer, {
      where: { id: transferId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  private assertPending(transfer: TicketTransfer): void {
    if (transfer.status !== TransferStatus.Pending) {
      throw new DomainError('TRANSFER_NOT_PENDING', `This transfer was ${transfer.status}`, {
        status: transfer.status,
      });
    }
  }

  private async people(manager: EntityManager, senderId: string, tierId: string): Promise<People> {
    const [row] = (await manager.query(
      `SELECT u.name, u.email, t.name AS tier_name FROM users u, ticket_tiers t WHERE u.id = $1 AND t.id = $2`,
      [senderId, tierId],
    )) as Array<{ name: string; email: string; tier_name: string }>;
    return { sender: { name: row.name, email: row.email }, tierName: row.tier_name };
  }

  private async notify(manager: EntityManager, transfer: TicketTransfer, issued: Ticket, event: Event) {
    const { sender, tierName } = await this.people(manager, transfer.senderId, issued.tierId);
    const facts = { eventTitle: event.title, startsAt: event.startsAt, timezone: event.timezone, tierName };
    await this.notifications.enqueue(manager, {
      to: sender.email,
      template: 'ticket-transferred',
      data: {
        ...facts,
        name: sender.name,
        recipientName: transfer.recipientName,
        ticketId: transfer.ticketId,
      },
      dedupeKey: `transfer-sent:${transfer.id}`,
    });
    const qrContentId = `ticket-${issued.id}`;
    await this.notifications.enqueue(manager, {
      to: transfer.recipientEmail,
      template: 'ticket-received',
      data: {
        ...facts,
        name: transfer.recipientName,
        senderName: sender.name,
        venueName: event.venueName,
        ticketId: issued.id,
        qrContentId,
        ticketsUrl: `${this.config.publicUrl}/tickets`,
      },
      attachments: [
        {
          filename: `ticket-${issued.id}.png`,
          type: 'image/png',
          qrText: issued.code,
          contentId: qrContentId,
          disposition: 'inline',
        },
      ],
      dedupeKey: `transfer-received:${transfer.id}`,
    });
  }
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
