import { ApiProperty } from '@nestjs/swagger';
import type { QueueSession } from '../queue-dashboard-auth.service';
import { QUEUE_DASHBOARD_PATH } from '../queue-session-cookie';

/** The opened dashboard session. The token itself is only in the HttpOnly cookie, never in the body. */
export class QueueSessionDto {
  /** Where to open the dashboard in the same browser. */
  @ApiProperty({ example: QUEUE_DASHBOARD_PATH })
  dashboardUrl: string;

  /** When the cookie stops working; open a new session after that. */
  @ApiProperty({ example: '2030-06-01T18:40:00.000Z' })
  expiresAt: Date;

  static from(session: QueueSession): QueueSessionDto {
    return { dashboardUrl: QUEUE_DASHBOARD_PATH, expiresAt: session.expiresAt };
  }
}
