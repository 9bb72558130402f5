import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ScanBatchService } from '../scans/scan-batch.service';
import { ScanBatchDto, ScanBatchResultDto } from '../scans/dto/scan-batch.dto';
import { SyncPageDto, SyncQueryDto } from '../sync/dto/sync.dto';
import { TicketSyncService } from '../sync/ticket-sync.service';
import { CurrentDevice, DeviceAuth } from './device-auth';
import type { AuthDevice } from './devices.service';

/** The offline scanner's two routes, authenticated with a device token (see the README's scanner protocol). */
@ApiTags('scanner')
@Controller('check-in-lists/:id')
export class ScannerController {
  constructor(
    private readonly sync: TicketSyncService,
    private readonly batches: ScanBatchService,
  ) {}

  @Get('sync')
  @DeviceAuth()
  @ApiOperation({
    operationId: 'syncCheckInList',
    summary:
      'Every ticket state of the list that changed since the cursor, in pages, with the list rules and the public ' +
      'signing keys: what a scanner needs to validate offline',
  })
  @ApiOkResponse({ type: SyncPageDto })
  @ApiIdParam()
  @ApiErrors('INVALID_CURSOR')
  feed(
    @CurrentDevice() device: AuthDevice,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: SyncQueryDto,
  ): Promise<SyncPageDto> {
    return this.sync.page(device, id, query.cursor, query.limit);
  }

  @Post('scans\\:batch')
  @DeviceAuth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'uploadScans',
    summary:
      'Upload offline scans: idempotent per nonce, earliest scannedAt wins among devices, conflicts and void ' +
      'tickets answered per scan, every scan kept in the scan log',
  })
  @ApiOkResponse({ type: ScanBatchResultDto })
  @ApiIdParam()
  upload(
    @CurrentDevice() device: AuthDevice,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ScanBatchDto,
  ): Promise<ScanBatchResultDto> {
    return this.batches.upload(device, id, dto);
  }
}
