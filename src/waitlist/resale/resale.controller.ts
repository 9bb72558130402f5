import { Controller, Delete, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ErrorResponseDto } from '../../platform/errors/error-response.dto';
import { ResaleDto } from './dto/resale.dto';
import { ResaleService } from './resale.service';

const notFound = ApiNotFoundResponse({
  description: "NOT_FOUND (also for someone else's ticket)",
  type: ErrorResponseDto,
});

@ApiTags('resale')
@Controller('tickets/:id/resale')
export class ResaleController {
  constructor(private readonly resale: ResaleService) {}

  @Post()
  @Auth()
  @ApiOperation({
    summary:
      'Offer your ticket for face-value resale: its unit goes to the next waitlisted buyer, else to the public at ' +
      'the tier price; when the buyer pays you are refunded (less the resale fee) and your code stops working',
  })
  @ApiCreatedResponse({ type: ResaleDto })
  @notFound
  @ApiConflictResponse({
    description:
      'RESALE_CLOSED, RESALE_NOT_ALLOWED, TICKET_LISTED_FOR_RESALE, TICKET_VOID, TICKET_ALREADY_CHECKED_IN',
    type: ErrorResponseDto,
  })
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
    summary: 'Withdraw your ticket from resale while it is unsold and no buyer holds its unit',
  })
  @ApiOkResponse({ type: ResaleDto })
  @notFound
  @ApiConflictResponse({
    description: 'RESALE_NOT_ACTIVE, RESALE_RESERVED, RESALE_NOT_ALLOWED',
    type: ErrorResponseDto,
  })
  withdraw(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) ticketId: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<ResaleDto> {
    return this.resale.withdraw(user, ticketId, meta);
  }
}
