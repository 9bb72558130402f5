import { ApiInteger } from '../../../platform/http/api-types';

/** A tier's active waitlist entries (shown to the promoter's members and admins). */
export class TierWaitlistCountsDto {
  /** Entries waiting for units. */
  @ApiInteger({ example: 12 })
  waiting: number;
  /** Entries holding an open offer (their units are counted in `held`). */
  @ApiInteger({ example: 2 })
  offered: number;

  static from(counts?: { waiting: number; offered: number }): TierWaitlistCountsDto {
    return { waiting: counts?.waiting ?? 0, offered: counts?.offered ?? 0 };
  }
}
