import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Auth, CurrentUser } from '../../platform/auth/auth.decorators';
import type { AuthUser } from '../../platform/auth/auth-user';
import { ErrorResponseDto } from '../../platform/errors/error-response.dto';
import { PageDto } from '../../platform/http/page';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { OnlineCheckInService } from './online-check-in.service';
import { AttendeeDto } from '../attendees/dto/attendee.dto';
import { CheckInDto, CheckInResultDto } from './dto/check-in.dto';
import { AttendeesService } from '../attendees/attendees.service';

@ApiTags('check-in')
@Controller('events/:id')
export class CheckInsController {
  constructor(
    private readonly checkIns: OnlineCheckInService,
    private readonly attendeeList: AttendeesService,
  ) {}

  @Post('check-ins')
  @Auth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      "Scan a ticket at the door on a check-in list (any member of the event's promoter, staff included). " +
      'On a re-entry list scans alternate entry and exit.',
  })
  @ApiOkResponse({ type: CheckInResultDto })
  @ApiBadRequestResponse({
    description: 'INVALID_TICKET_CODE: forged, altered or malformed',
    type: ErrorResponseDto,
  })
  @ApiConflictResponse({
    description:
      'ALREADY_CHECKED_IN (details.checkedInAt, details.checkedInBy), TICKET_VOID (details.reason), ' +
      'TICKET_WRONG_EVENT, TICKET_NOT_ON_LIST, CHECK_IN_LIST_CLOSED, GATE_NOT_ON_LIST, TICKET_LISTED_FOR_RESALE',
    type: ErrorResponseDto,
  })
  @ApiNotFoundResponse({
    description: 'NOT_FOUND: no such event or check-in list, or not yours',
    type: ErrorResponseDto,
  })
  checkIn(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Body() dto: CheckInDto,
  ): Promise<CheckInResultDto> {
    return this.checkIns.checkIn(user, eventId, dto);
  }

  @Get('attendees')
  @Auth()
  @ApiOperation({
    summary:
      'The attendee list (members of the promoter, admins): JSON pages, or the whole list as CSV with Accept: text/csv',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiHeader({ name: 'Accept', required: false, description: '`text/csv` streams every attendee as CSV' })
  @ApiExtraModels(PageDto, AttendeeDto)
  @ApiOkResponse({
    content: {
      'application/json': {
        schema: {
          allOf: [
            { $ref: getSchemaPath(PageDto) },
            { properties: { items: { type: 'array', items: { $ref: getSchemaPath(AttendeeDto) } } } },
          ],
        },
      },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async attendees(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Query() query: PageQueryDto,
    @Headers('accept') accept?: string,
  ): Promise<PageDto<AttendeeDto> | StreamableFile> {
    if (accept?.includes('text/csv')) {
      const csv = await this.attendeeList.attendeesCsv(user, eventId);
      return new StreamableFile(csv, {
        type: 'text/csv; charset=utf-8',
        disposition: `attachment; filename="attendees-${eventId}.csv"`,
      });
    }
    return this.attendeeList.attendees(user, eventId, query);
  }
}
