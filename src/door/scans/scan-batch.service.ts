import { Injectable } from '@nestjs/common';
import { Clock } from '../../platform/clock/clock';
import { TicketSigner } from '../../checkout/tickets/ticket-signer';
import { CheckInListsService } from '../check-in-lists/check-in-lists.service';
import { CheckInService, ScanResult } from '../check-in/check-in.service';
import type { AuthDevice } from '../devices/devices.service';
import { ScanBatchDto, ScanBatchResultDto, ScanResultDto } from './dto/scan-batch.dto';
import { ScanOutcome } from './scan-outcome';

/**
 * `POST /check-in-lists/{id}/scans:batch`: an offline device uploads what it scanned. Each scan goes through the
 * door's one rule book in its own transaction (a refused scan never undoes another), in the order sent; a nonce
 * the device sent before replays that scan's answer, so a device simply uploads again after a lost answer.
 */
@Injectable()
export class ScanBatchService {
  constructor(
    private readonly lists: CheckInListsService,
    private readonly checkIns: CheckInService,
    private readonly signer: TicketSigner,
    private readonly clock: Clock,
  ) {}

  async upload(device: AuthDevice, listId: string, dto: ScanBatchDto): Promise<ScanBatchResultDto> {
    const list = await this.lists.ofEvent(device.eventId, listId);
    const results: ScanResultDto[] = [];
    for (const scan of dto.scans) {
      const result = await this.checkIns.scan({
        list,
        claims: this.signer.verify(scan.code),
        scannedAt: new Date(scan.scannedAt),
        gate: scan.gate ?? null,
        userId: device.createdBy,
        deviceId: device.id,
        nonce: scan.nonce,
      });
      results.push(toDto(scan.nonce, result));
    }
    return { results, serverTime: this.clock.now() };
  }
}

function toDto(nonce: string, r: ScanResult): ScanResultDto {
  return {
    nonce,
    scanId: r.scanId,
    outcome: r.outcome,
    conflict: r.outcome !== ScanOutcome.Entry && r.outcome !== ScanOutcome.Exit,
    replayed: r.replayed,
    ticket: r.ticket && {
      id: r.ticket.id,
      tierId: r.ticket.tier_id,
      tierName: r.ticket.tier_name,
      attendeeName: r.ticket.attendee_name,
      status: r.ticket.status,
      voidReason: r.ticket.void_reason,
      voidedAt: r.ticket.voided_at,
    },
    state: r.state && {
      inside: r.state.inside,
      firstEntryAt: r.state.first_entry_at,
      firstEntryDeviceId: r.state.first_entry_device_id,
      firstEntryUserId: r.state.first_entry_user_id,
      lastScanAt: r.state.last_scan_at,
      scans: r.state.scans,
    },
    superseded: r.superseded,
  };
}
