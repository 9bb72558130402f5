import { ApiProperty } from '@nestjs/swagger';
import { ApiInteger, ApiUuid } from '../../../platform/http/api-types';
import { QueueEntryStatus } from '../queue-status';

/** Your place in an event's waiting room. */
export class QueueEntryDto {
  @ApiUuid()
  entryId: string;
  @ApiUuid()
  eventId: string;
  @ApiProperty({ enum: QueueEntryStatus, enumName: 'QueueEntryStatus', example: QueueEntryStatus.Waiting })
  status: QueueEntryStatus;
  /**
   * While `waiting`: how many waiting buyers are ahead of you, plus one (1 = next). Before the sales start it is
   * provisional: early arrivals are drawn in random order, and each new early arrival may be drawn before you.
   * Null once you stopped waiting.
   */
  @ApiInteger({ nullable: true, example: 1234 })
  position: number | null;
  /**
   * While `waiting`: a rough estimate of the seconds until you are admitted, from the recent admission rate (or
   * the event's `admitPerMinute` before any admission) plus the time until the sales start. Null when there is no
   * rate to go by, or once you stopped waiting.
   */
  @ApiInteger({ nullable: true, example: 300 })
  etaSeconds: number | null;
  /** You arrived before the sales start, so your place was drawn at random. */
  randomised: boolean;
  /** Whose waitlist you join at a sell-out (null: you did not opt in). */
  @ApiUuid({ nullable: true })
  waitlistTierId: string | null;
  joinedAt: Date;
  /**
   * While `admitted`: send it as the `X-Queue-Token` header of `POST /orders`, before `admissionExpiresAt`. One
   * hold placed with it uses it up; a refused order does not.
   */
  @ApiProperty({ nullable: true, type: String, example: 'eyJuIjoi….Qm9n…' })
  admissionToken: string | null;
  admittedAt: Date | null;
  admissionExpiresAt: Date | null;
}
