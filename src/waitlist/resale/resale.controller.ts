import { Idempotent } from '../../platform/idempotency/idempotent.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { Controller, Delete, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ResaleDto } from './dto/resale.dto';
import { ResaleService } from './resale.service';

@ApiTags('resale')
@Controller('tickets/:id/resale')
export class ResaleController {
  constructor(private readonly resale: ResaleService) {}

  @Post()
  @Auth()
  @Idempotent()
  @ApiOperation({
    operationId: 'listTicketForResale',
    summary:
      'Offer your ticket for face-value resale: its unit goes to the next waitlisted buyer, else to the public at ' +
      'the tier price; when the buyer pays you are refunded (less the resale fee) and your code stops working',
  })
  @ApiCreatedResponse({ type: ResaleDto })
  @ApiIdParam()
  @ApiErrors(
    'RESALE_CLOSED',
    'RESALE_NOT_ALLOWED',
    'TICKET_LISTED_FOR_RESALE',
    'TICKET_VOID',
    'TICKET_ALREADY_CHECKED_IN',
  )
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) ticketId: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<ResaleDto> {
    return this.resale.list(user, ticketId, meta);
  }

  @Delete()
  @Auth()
  @ApiOperation({
    operationId: 'withdrawTicketFromResale',
    summary: 'Withdraw your ticket from resale while it is unsold and no buyer holds its unit',
  })
  @ApiOkResponse({ type: ResaleDto })
  @ApiIdParam()
  @ApiErrors('RESALE_NOT_ACTIVE', 'RESALE_RESERVED', 'RESALE_NOT_ALLOWED')
  withdraw(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) ticketId: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<ResaleDto> {
    return this.resale.withdraw(user, ticketId, meta);
  }
}
