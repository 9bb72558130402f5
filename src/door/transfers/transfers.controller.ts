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
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../../platform/idempotency/idempotent.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { PublicWithOptionalUser } from '../../platform/auth/optional-user';
import { ApiPage, PageDto } from '../../platform/http/page';
import { PageQueryDto } from '../../platform/http/page-query.dto';
import { AcceptedTransferDto, AcceptTransferDto, CreateTransferDto, TransferDto } from './dto/transfer.dto';
import { TransfersService } from './transfers.service';

@ApiTags('transfers')
@Controller()
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  @Post('tickets/:id/transfers')
  @Auth()
  @ApiIdParam()
  @Idempotent()
  @ApiOperation({
    operationId: 'transferTicket',
    summary: "Give a ticket to someone else: they get an email and accept (the ticket's holder)",
  })
  @ApiCreatedResponse({ type: TransferDto })
  @ApiErrors(
    'NOT_FOUND',
    'TRANSFERS_CLOSED',
    'TRANSFER_PENDING',
    'TRANSFER_TO_SELF',
    'TICKET_VOID',
    'TICKET_ALREADY_CHECKED_IN',
    'TICKET_LISTED_FOR_RESALE',
  )
  create(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) ticketId: string,
    @Body() dto: CreateTransferDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<TransferDto> {
    return this.transfers.create(user, ticketId, dto, meta);
  }

  @Get('transfers')
  @Auth()
  @ApiOperation({
    operationId: 'listTransfers',
    summary: 'Transfers you sent, and those sent to your email, newest first',
  })
  @ApiPage(TransferDto)
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<PageDto<TransferDto>> {
    return this.transfers.listMine(user, query);
  }

  @Post('transfers/:id/cancel')
  @Auth()
  @HttpCode(HttpStatus.OK)
  @ApiIdParam()
  @ApiOperation({
    operationId: 'cancelTransfer',
    summary: 'Take a pending transfer back (its sender)',
  })
  @ApiOkResponse({ type: TransferDto })
  @ApiErrors('NOT_FOUND', 'TRANSFER_NOT_PENDING')
  cancel(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<TransferDto> {
    return this.transfers.cancel(user, id, meta);
  }

  @Post('transfers/:id/accept')
  @PublicWithOptionalUser()
  @HttpCode(HttpStatus.OK)
  @ApiIdParam()
  @ApiOperation({
    operationId: 'acceptTransfer',
    summary:
      'Accept a ticket with the token from the email: signed in as the named email, or creating that account ' +
      'with `password`. Voids the old code and issues a new one to you.',
  })
  @ApiOkResponse({ type: AcceptedTransferDto })
  @ApiErrors(
    'WEAK_PASSWORD',
    'TRANSFER_SIGN_IN_REQUIRED',
    'TOKEN_INVALID',
    'TRANSFER_WRONG_RECIPIENT',
    'NOT_FOUND',
    'TRANSFER_NOT_PENDING',
    'TRANSFERS_CLOSED',
    'TICKET_VOID',
    'TICKET_ALREADY_CHECKED_IN',
    'TICKET_LISTED_FOR_RESALE',
  )
  accept(
    @CurrentUser() user: AuthUser | undefined,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AcceptTransferDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AcceptedTransferDto> {
    return this.transfers.accept(user, id, dto, meta);
  }
}
