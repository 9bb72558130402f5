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
  StreamableFile,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyAccess } from '../../platform/auth/api-key-access.decorator';
import { ApiKeyScope } from '../../platform/auth/api-key-scopes';
import { Auth, CurrentUser } from '../../platform/auth/auth.decorators';
import type { AuthUser } from '../../platform/auth/auth-user';
import { ApiPageOrCsv, WantsCsv } from '../../platform/http/api-content.decorators';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { PageDto } from '../../platform/http/page';
import { AttendeeQueryDto } from '../attendees/dto/attendee-query.dto';
import { ATTENDEE_CSV_COLUMNS, AttendeesService } from '../attendees/attendees.service';
import { OnlineCheckInService } from './online-check-in.service';
import { AttendeeDto } from '../attendees/dto/attendee.dto';
import { CheckInDto, CheckInResultDto } from './dto/check-in.dto';

@ApiTags('check-in')
@Controller('events/:id')
export class CheckInsController {
  constructor(
    private readonly checkIns: OnlineCheckInService,
    private readonly attendeeList: AttendeesService,
  ) {}

  @Post('check-ins')
  @ApiKeyAccess(ApiKeyScope.CheckinWrite)
  @Auth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'checkInTicket',
    summary:
      "Scan a ticket at the door on a check-in list (any member of the event's promoter, staff included). " +
      'On a re-entry list scans alternate entry and exit.',
  })
  @ApiIdParam('id', 'The event')
  @ApiOkResponse({ type: CheckInResultDto })
  @ApiErrors(
    'INVALID_TICKET_CODE',
    'ALREADY_CHECKED_IN',
    'TICKET_VOID',
    'TICKET_WRONG_EVENT',
    'TICKET_NOT_ON_LIST',
    'CHECK_IN_LIST_CLOSED',
    'GATE_NOT_ON_LIST',
    'TICKET_LISTED_FOR_RESALE',
  )
  checkIn(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Body() dto: CheckInDto,
  ): Promise<CheckInResultDto> {
    return this.checkIns.checkIn(user, eventId, dto);
  }

  @Get('attendees')
  @ApiKeyAccess(ApiKeyScope.AttendeesRead)
  @Auth()
  @ApiOperation({
    operationId: 'listAttendees',
    summary:
      'The attendee list with answers to the questions (members of the promoter, admins): JSON pages, or the ' +
      'whole list as CSV with Accept: text/csv (one more column per question, headed by its label)',
  })
  @ApiIdParam('id', 'The event')
  @ApiPageOrCsv(AttendeeDto, {
    columns: ATTENDEE_CSV_COLUMNS,
    example: `${ATTENDEE_CSV_COLUMNS.join(',')}\n3d6f1c2a-8b9e-4f01-a2b3-c4d5e6f7a8b9,7c0e3a52-1f9b-4d2e-8a47-3b5c6d7e8f90,0b8f0c1e-7d3a-4e52-9a61-4a3c2f1d5e77,Early bird,Ada Lovelace,ada@example.com,valid,\n`,
  })
  async attendees(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Query() query: AttendeeQueryDto,
    @WantsCsv() wantsCsv: boolean,
  ): Promise<PageDto<AttendeeDto> | StreamableFile> {
    if (wantsCsv) {
      const csv = await this.attendeeList.attendeesCsv(user, eventId, query.updatedSince);
      return new StreamableFile(csv, {
        type: 'text/csv; charset=utf-8',
        disposition: `attachment; filename="attendees-${eventId}.csv"`,
      });
    }
    return this.attendeeList.attendees(user, eventId, query);
  }
}
