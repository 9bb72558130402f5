import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser, Public } from '../../platform/auth/auth.decorators';
import type { AuthUser } from '../../platform/auth/auth-user';
import { ApiPng } from '../../platform/http/api-content.decorators';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { ApiPage, PageDto } from '../../platform/http/page';
import { ExpandQueryDto } from '../expand-query.dto';
import { SigningKeysDto } from './dto/signing-keys.dto';
import { TicketQueryDto } from './dto/ticket-query.dto';
import { TicketDto } from './dto/ticket.dto';
import { TicketQueriesService } from './ticket-queries.service';
import { TicketSigner } from './ticket-signer';

@ApiTags('tickets')
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketQueriesService,
    private readonly signer: TicketSigner,
  ) {}

  @Get('signing-key')
  @Public()
  @ApiOperation({
    operationId: 'getTicketSigningKeys',
    summary: 'The public keys that verify ticket codes, so scanners can check tickets offline',
  })
  @ApiOkResponse({ type: SigningKeysDto })
  signingKeys(): SigningKeysDto {
    return {
      keys: this.signer.publicKeys(),
      format: 'base64url( kid(1) || ticketId(16) || eventId(16) || tierId(16) || ed25519-signature(64) )',
    };
  }

  @Get()
  @Auth()
  @ApiOperation({
    operationId: 'listTickets',
    summary: 'List tickets: your own; with eventId, all of an event your promoter runs',
  })
  @ApiPage(TicketDto)
  list(@CurrentUser() user: AuthUser, @Query() query: TicketQueryDto): Promise<PageDto<TicketDto>> {
    return this.tickets.list(user, query);
  }

  @Get(':id')
  @Auth()
  @ApiOperation({
    operationId: 'getTicket',
    summary: 'One ticket with its signed code (its owner, the promoter team, admins)',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: TicketDto })
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ExpandQueryDto,
  ): Promise<TicketDto> {
    return this.tickets.get(user, id, query.expand);
  }

  @Get(':id/qr')
  @Auth()
  @ApiOperation({ operationId: 'getTicketQrCode', summary: "The ticket's QR code as a PNG image" })
  @ApiIdParam()
  @ApiPng("The QR code of the ticket's signed code")
  async qr(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    const png = await this.tickets.qr(user, id);
    return new StreamableFile(png, { type: 'image/png', disposition: `inline; filename="ticket-${id}.png"` });
  }
}
