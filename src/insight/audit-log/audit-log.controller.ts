import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../platform/auth/roles';
import { Auth } from '../../platform/auth/auth.decorators';
import { ApiPage, PageDto, toPage } from '../../platform/http/page';
import { AuditLogService } from './audit-log.service';
import { AuditEntryDto } from './dto/audit-entry.dto';
import { AuditLogQueryDto } from './dto/audit-log-query.dto';

@ApiTags('admin')
@Controller('admin/audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditLogService) {}

  @Get()
  @Auth(Role.Admin)
  @ApiOperation({
    operationId: 'listAuditEntries',
    summary: 'Read the audit log, newest first, with filters',
  })
  @ApiPage(AuditEntryDto)
  async list(@Query() query: AuditLogQueryDto): Promise<PageDto<AuditEntryDto>> {
    const [rows, total] = await this.audit.list(query);
    return toPage(rows.map(AuditEntryDto.from), total, query);
  }
}
