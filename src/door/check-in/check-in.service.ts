import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { Clock } from '../../platform/clock/clock';
import { DomainEvents } from '../../platform/events/domain-events.service';
import { TicketStatus } from '../../checkout/tickets/ticket.entity';
import { TicketClaims } from '../../checkout/tickets/ticket-signer';
import { InventoryService } from '../../inventory/inventory.service';
import { CheckInList } from '../check-in-lists/check-in-list.entity';
import { COUNTED_OUTCOMES, ScanOutcome } from '../scans/scan-outcome';
import { CountedScan, sequence } from './check-in-sequence';
import {
  countedScans,
  insertScan,
  LockedTicket,
  lockTicket,
  markTicketAdmitted,
  NewScan,
  ScanRow,
  scanByNonce,
  setOutcomes,
  StateRow,
  stateOf,
  upsertState,
} from './check-in.queries';

/** One scan at the door, online or uploaded by an offline device. */
export interface ScanInput {
  list: CheckInList;
  /** The verified claims of the code, or null for a code that is not genuine. */
  claims: TicketClaims | null;
  /**
   * When the device scanned it (offline uploads), or null for an online scan: then it is the time read under the
   * ticket's lock, so of simultaneous online scans the one that gets the lock first is the earliest.
   */
  scannedAt: Date | null;
  gate: string | null;
  /** The staff member (online, or who registered the device) and the device, if offline. */
  userId: string;
  deviceId: string | null;
  nonce: string | null;
}

/** A scan whose time is known. */
type TimedScan = ScanInput & { scannedAt: Date };

export interface ScanResult {
  scanId: string;
  outcome: ScanOutcome;
  /** True when the device had uploaded this nonce before: the answer is the logged scan's. */
  replayed: boolean;
  ticket: LockedTicket | null;
  /** The ticket's state on the list after the scan (null when it was never admitted there). */
  state: StateRow | null;
  /** The scan this one took the first entry from, because it happened earlier. */
  superseded: { scanId: string; scannedAt: Date; deviceId: string | null; userId: string | null } | null;
}

const toCounted = (r: ScanRow): CountedScan => ({
  id: r.id,
  scannedAt: r.scanned_at,
  position: r.position!,
  userId: r.user_id,
  deviceId: r.device_id,
});

/**
 * The door's one rule book. Every scan of a ticket locks the ticket row first, so scans of one ticket take turns
 * whichever device or list they come from, and a refund, transfer or resale listing of it is seen in full. A
 * scan is checked against the ticket (void, offered for resale) and the list (tiers, gate, time window), logged,
 * and, if it counts, placed in the ticket's sequence on the list by when it happened: the earliest entry wins
 * whichever device uploads first, and the list state and the ticket's own `checked_in` follow from the sequence.
 */
@Injectable()
export class CheckInService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inventory: InventoryService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async scan(scan: ScanInput): Promise<ScanResult> {
    const refusedUpFront = !scan.claims
      ? ScanOutcome.InvalidCode
      : scan.claims.eventId !== scan.list.eventId
        ? ScanOutcome.WrongEvent
        : null;
    return this.dataSource.transaction(async (manager) => {
      await this.inventory.setLockTimeout(manager);
      if (refusedUpFront) {
        return this.logRefusal(
          manager,
          { ...scan, scannedAt: scan.scannedAt ?? this.clock.now() },
          refusedUpFront,
          null,
        );
      }
      const ticket = await lockTicket(manager, scan.claims!.ticketId);
      const input: TimedScan = { ...scan, scannedAt: scan.scannedAt ?? this.clock.now() };
      if (input.deviceId && input.nonce) {
        const earlier = await scanByNonce(manager, input.deviceId, input.nonce);
        if (earlier) return this.replay(manager, input.list, earlier, ticket);
      }
      if (!ticket) return this.logRefusal(manager, input, ScanOutcome.InvalidCode, null);
      const refusal = this.refusal(input, ticket);
      if (refusal) return this.logRefusal(manager, input, refusal, ticket);
      return this.count(manager, input, ticket);
    });
  }

  private refusal(input: TimedScan, ticket: LockedTicket): ScanOutcome | null {
    const { list } = input;
    if (ticket.status === TicketStatus.Void) return ScanOutcome.Void;
    if (ticket.listed_for_resale_at) return ScanOutcome.ListedForResale;
    if (list.tierIds.length > 0 && !list.tierIds.includes(ticket.tier_id)) return ScanOutcome.NotOnList;
    if (input.gate && list.gates.length > 0 && !list.gates.includes(input.gate))
      return ScanOutcome.UnknownGate;
    if (
      (list.validFrom && input.scannedAt < list.validFrom) ||
      (list.validUntil && input.scannedAt > list.validUntil)
    ) {
      return ScanOutcome.OutsideWindow;
    }
    return null;
  }

  /** A scan that counts: logged, placed in the ticket's sequence on the list, and the state rewritten. */
  private async count(manager: EntityManager, input: TimedScan, ticket: LockedTicket): Promise<ScanResult> {
    const { list } = input;
    const previous = await countedScans(manager, list.id, ticket.id);
    const position = previous.reduce((max, s) => Math.max(max, s.position ?? 0), 0) + 1;
    const logged = (await insertScan(manager, this.newScan(input, ticket.id, ScanOutcome.Entry, position)))!;
    const all = [...previous, logged];
    const seq = sequence(all.map(toCounted), list.allowReentry);
    await setOutcomes(
      manager,
      all
        .filter((s) => s.outcome !== seq.outcomes.get(s.id))
        .map((s) => ({ id: s.id, outcome: seq.outcomes.get(s.id)! })),
    );
    const state: StateRow = {
      inside: seq.inside,
      first_entry_at: seq.first.scannedAt,
      first_entry_user_id: seq.first.userId,
      first_entry_device_id: seq.first.deviceId,
      last_scan_at: seq.last.scannedAt,
      scans: all.length,
    };
    await upsertState(manager, list.id, ticket.id, state);
    await markTicketAdmitted(manager, ticket.id, seq.first.scannedAt, seq.first.userId);
    if (ticket.status === TicketStatus.Valid) {
      await this.audit.record(manager, {
        actorId: input.userId,
        action: 'ticket.checked_in',
        entityType: 'ticket',
        entityId: ticket.id,
        before: { status: TicketStatus.Valid },
        after: {
          status: TicketStatus.CheckedIn,
          eventId: list.eventId,
          listId: list.id,
          gate: input.gate,
          deviceId: input.deviceId,
          scannedAt: seq.first.scannedAt,
        },
      });
      await this.events.emit(manager, 'TicketCheckedIn', {
        ticketId: ticket.id,
        eventId: list.eventId,
        checkedInBy: seq.first.userId ?? input.userId,
        checkedInAt: seq.first.scannedAt,
      });
    }
    const displaced = previous.find(
      (s) => s.outcome === ScanOutcome.Entry && seq.outcomes.get(s.id) !== ScanOutcome.Entry,
    );
    return {
      scanId: logged.id,
      outcome: seq.outcomes.get(logged.id)!,
      replayed: false,
      ticket,
      state,
      superseded:
        !list.allowReentry && displaced && seq.first.id === logged.id
          ? {
              scanId: displaced.id,
              scannedAt: displaced.scanned_at,
              deviceId: displaced.device_id,
              userId: displaced.user_id,
            }
          : null,
    };
  }

  private async logRefusal(
    manager: EntityManager,
    input: TimedScan,
    outcome: ScanOutcome,
    ticket: LockedTicket | null,
  ): Promise<ScanResult> {
    const ticketId =
      ticket?.id ?? (outcome === ScanOutcome.InvalidCode ? null : (input.claims?.ticketId ?? null));
    const logged = await insertScan(manager, this.newScan(input, ticketId, outcome, null));
    if (!logged) {
      // The same device uploaded this nonce concurrently or before: answer with that scan.
      return this.replay(
        manager,
        input.list,
        (await scanByNonce(manager, input.deviceId!, input.nonce!))!,
        ticket,
      );
    }
    const state = ticket ? await stateOf(manager, input.list.id, ticket.id) : null;
    return { scanId: logged.id, outcome, replayed: false, ticket, state, superseded: null };
  }

  private async replay(
    manager: EntityManager,
    list: CheckInList,
    scan: ScanRow,
    ticket: LockedTicket | null,
  ): Promise<ScanResult> {
    const state =
      ticket && COUNTED_OUTCOMES.includes(scan.outcome) ? await stateOf(manager, list.id, ticket.id) : null;
    return { scanId: scan.id, outcome: scan.outcome, replayed: true, ticket, state, superseded: null };
  }

  private newScan(
    input: TimedScan,
    ticketId: string | null,
    outcome: ScanOutcome,
    position: number | null,
  ): NewScan {
    return {
      listId: input.list.id,
      eventId: input.list.eventId,
      ticketId,
      deviceId: input.deviceId,
      userId: input.userId,
      nonce: input.nonce,
      gate: input.gate,
      scannedAt: input.scannedAt,
      receivedAt: this.clock.now(),
      outcome,
      position,
    };
  }
}
