import { ApiProperty } from '@nestjs/swagger';
import { ScanOutcome } from '../scan-outcome';

export class ScanLogEntryDto {
  id: string;
  listId: string;
  /** Null for a code that is not a genuine ticket. */
  ticketId: string | null;
  /** The offline device that uploaded it; null for an online scan. */
  deviceId: string | null;
  /** The staff member who scanned (or registered the device). */
  userId: string | null;
  nonce: string | null;
  gate: string | null;
  @ApiProperty({ enum: ScanOutcome, enumName: 'ScanOutcome', example: ScanOutcome.Entry })
  outcome: ScanOutcome;
  /** When the code was read at the door. */
  scannedAt: Date;
  /** When the server got it. */
  receivedAt: Date;
}
