import { Body, Controller, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { TicketDto } from '../tickets/dto/ticket.dto';
import { AttendeeDetailsInputDto } from './dto/attendees.dto';
import { OrderAttendeesService } from './order-attendees.service';

@ApiTags('tickets')
@Controller('tickets')
export class TicketAttendeesController {
  constructor(private readonly attendees: OrderAttendeesService) {}

  @Put(':id/attendee')
  @Auth()
  @ApiOperation({
    operationId: 'updateTicketAttendee',
    summary:
      "Change your ticket's attendee name, email and answers (its holder, also after a transfer), until the " +
      "event's cut-off",
  })
  @ApiIdParam()
  @ApiOkResponse({ type: TicketDto })
  @ApiErrors('FORBIDDEN', 'TICKET_VOID', 'ATTENDEE_EDITS_CLOSED', 'INVENTORY_BUSY')
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AttendeeDetailsInputDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<TicketDto> {
    return this.attendees.updateTicket(user, id, dto, meta);
  }
}
