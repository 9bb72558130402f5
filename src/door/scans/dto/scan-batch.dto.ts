import { NestedArray } from '../../../platform/http/nested.decorators';
import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsInstant } from '../../../catalog/events/dto/catalog-validators';
import { TicketStatus, TicketVoidReason } from '../../../checkout/tickets/ticket.entity';
import { SyncListStateDto } from '../../sync/dto/sync.dto';
import { ScanOutcome } from '../scan-outcome';

export class OfflineScanDto {
  /** The code read from the QR. */
  @ApiProperty({ example: 'AHk2…' })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  code: string;

  /** When the device read it (its clock; keep it in sync: the earliest scan wins). */
  @ApiProperty({ example: '2030-07-04T18:05:09.120Z' })
  @IsInstant()
  scannedAt: string;

  @ApiProperty({ example: 'North', required: false })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  gate?: string;

  /** The device's own id for this scan (a UUID is ideal): uploading it again replays the first answer. */
  @ApiProperty({ example: '5b0e6f1c-8f7a-4c1e-9a3b-2d4e6f8a0b1c' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'nonce must be 8-64 characters of A-Z, a-z, 0-9, _ or -' })
  nonce: string;
}

export class ScanBatchDto {
  @ApiProperty({ type: [OfflineScanDto] })
  @NestedArray(() => OfflineScanDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  scans: OfflineScanDto[];
}

export class ScannedTicketDto {
  id: string;
  tierId: string;
  tierName: string;
  attendeeName: string;
  @ApiProperty({ enum: TicketStatus, enumName: 'TicketStatus' })
  status: TicketStatus;
  @ApiProperty({ type: String, enum: [...Object.values(TicketVoidReason), null], nullable: true })
  voidReason: TicketVoidReason | null;
  voidedAt: Date | null;
}

export class SupersededScanDto {
  scanId: string;
  scannedAt: Date;
  deviceId: string | null;
  userId: string | null;
}

export class ScanResultDto {
  nonce: string;
  scanId: string;
  @ApiProperty({ enum: ScanOutcome, enumName: 'ScanOutcome', example: ScanOutcome.Entry })
  outcome: ScanOutcome;
  /**
   * True when the server disagrees with letting the holder through: anything but `entry` or `exit` (an earlier
   * scan had admitted the ticket, it was void, offered for resale, off the list, outside its hours, or forged).
   */
  conflict: boolean;
  /** This nonce was uploaded before; the answer is that scan's. */
  replayed: boolean;
  @ApiProperty({ type: ScannedTicketDto, nullable: true })
  ticket: ScannedTicketDto | null;
  /** The ticket's state on the list now. */
  @ApiProperty({ type: SyncListStateDto, nullable: true })
  state: SyncListStateDto | null;
  /** A later scan (another device's) whose entry this earlier scan took over. */
  @ApiProperty({ type: SupersededScanDto, nullable: true })
  superseded: SupersededScanDto | null;
}

export class ScanBatchResultDto {
  @ApiProperty({ type: [ScanResultDto] })
  results: ScanResultDto[];
  serverTime: Date;
}
