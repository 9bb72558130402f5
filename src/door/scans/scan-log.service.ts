import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MemberRole } from '../../access/member-role';
import type { AuthUser } from '../../platform/auth/auth-user';
import { PageDto, toPage } from '../../platform/http/page';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { CheckInListsService } from '../check-in-lists/check-in-lists.service';
import { CheckInScan } from './check-in-scan.entity';
import { ScanLogEntryDto } from './dto/scan-log-entry.dto';

/** Reading a list's scan log (any member of the promoter, staff included). */
@Injectable()
export class ScanLogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lists: CheckInListsService,
  ) {}

  async page(user: AuthUser, listId: string, query: PageQueryDto): Promise<PageDto<ScanLogEntryDto>> {
    await this.lists.visible(user, listId, MemberRole.Staff);
    const [rows, total] = await this.dataSource.manager.findAndCount(CheckInScan, {
      where: { listId },
      order: { receivedAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return toPage(
      rows.map((r) => ({
        id: r.id,
        listId: r.listId,
        ticketId: r.ticketId,
        deviceId: r.deviceId,
        userId: r.userId,
        nonce: r.nonce,
        gate: r.gate,
        outcome: r.outcome,
        scannedAt: r.scannedAt,
        receivedAt: r.receivedAt,
      })),
      total,
      query,
    );
  }
}
