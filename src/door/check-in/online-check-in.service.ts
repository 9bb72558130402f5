import { Injectable } from '@nestjs/common';
import { AccessService } from '../../access/access.service';
import { MemberRole } from '../../access/member-role';
import type { AuthUser } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import { TicketSigner } from '../../checkout/tickets/ticket-signer';
import { CheckInListsService } from '../check-in-lists/check-in-lists.service';
import { CheckInList } from '../check-in-lists/check-in-list.entity';
import { ScanOutcome } from '../scans/scan-outcome';
import { CheckInService, ScanResult } from './check-in.service';
import { CheckInDto, CheckInResultDto } from './dto/check-in.dto';

/**
 * `POST /events/{id}/check-ins`: a staff member's phone scanning online. The signature is checked first, without
 * the database, so a forged code costs nothing; the rest is the door's one rule book (CheckInService), whose
 * refusals become coded errors here.
 */
@Injectable()
export class OnlineCheckInService {
  constructor(
    private readonly signer: TicketSigner,
    private readonly access: AccessService,
    private readonly lists: CheckInListsService,
    private readonly checkIns: CheckInService,
  ) {}

  async checkIn(user: AuthUser, eventId: string, dto: CheckInDto): Promise<CheckInResultDto> {
    const claims = this.signer.verify(dto.code);
    if (!claims) throw new DomainError('INVALID_TICKET_CODE', 'This code is not a genuine ticket');
    await this.access.requireEventRole(user, eventId, MemberRole.Staff);
    if (claims.eventId !== eventId) {
      throw new DomainError('TICKET_WRONG_EVENT', 'This ticket is for another event', {
        ticketEventId: claims.eventId,
      });
    }
    const list = await this.lists.ofEvent(eventId, dto.listId);
    const result = await this.checkIns.scan({
      list,
      claims,
      scannedAt: null,
      gate: dto.gate ?? null,
      userId: user.id,
      deviceId: null,
      nonce: null,
    });
    return answer(result, list, dto.gate ?? null);
  }
}

/** The scan as the online answer: 200 for an entry or exit, a coded error for anything else. */
function answer(result: ScanResult, list: CheckInList, gate: string | null): CheckInResultDto {
  const { ticket, state } = result;
  switch (result.outcome) {
    case ScanOutcome.Entry:
    case ScanOutcome.Exit:
      return {
        ticketId: ticket!.id,
        orderId: ticket!.order_id,
        eventId: list.eventId,
        tierId: ticket!.tier_id,
        tierName: ticket!.tier_name,
        attendeeName: ticket!.attendee_name,
        listId: list.id,
        gate,
        direction: result.outcome,
        inside: state!.inside,
        scannedAt: result.outcome === ScanOutcome.Entry ? state!.first_entry_at : state!.last_scan_at,
        checkedInAt: state!.first_entry_at,
        checkedInBy: state!.first_entry_user_id,
      };
    case ScanOutcome.Duplicate:
      throw new DomainError('ALREADY_CHECKED_IN', 'This ticket was already checked in on this list', {
        checkedInAt: state!.first_entry_at,
        checkedInBy: state!.first_entry_user_id,
        deviceId: state!.first_entry_device_id,
      });
    case ScanOutcome.Void:
      throw new DomainError('TICKET_VOID', `This ticket is void (${ticket!.void_reason ?? 'void'})`, {
        reason: ticket!.void_reason,
        voidedAt: ticket!.voided_at,
      });
    case ScanOutcome.ListedForResale:
      throw new DomainError(
        'TICKET_LISTED_FOR_RESALE',
        'This ticket is offered for resale; withdraw it first',
        {
          listedAt: ticket!.listed_for_resale_at,
        },
      );
    case ScanOutcome.NotOnList:
      throw new DomainError(
        'TICKET_NOT_ON_LIST',
        `A ${ticket!.tier_name} ticket does not admit on this list`,
        {
          tierId: ticket!.tier_id,
          listId: list.id,
        },
      );
    case ScanOutcome.UnknownGate:
      throw new DomainError('GATE_NOT_ON_LIST', 'This gate is not one of the list gates', {
        gate,
        gates: list.gates,
      });
    case ScanOutcome.OutsideWindow:
      throw new DomainError('CHECK_IN_LIST_CLOSED', 'This list does not admit anyone at this time', {
        validFrom: list.validFrom,
        validUntil: list.validUntil,
      });
    case ScanOutcome.InvalidCode:
      throw DomainError.notFound('Ticket');
    case ScanOutcome.WrongEvent:
      throw new DomainError('TICKET_WRONG_EVENT', 'This ticket is for another event');
  }
}
