import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser, Public } from '../../platform/auth/auth.decorators';
import type { AuthUser } from '../../platform/auth/auth-user';
import { ErrorResponseDto } from '../../platform/errors/error-response.dto';
import { ApiPageResponse, PageDto } from '../../platform/http/page';
import { SigningKeysDto } from './dto/signing-keys.dto';
import { TicketQueryDto } from './dto/ticket-query.dto';
import { TicketDto } from './dto/ticket.dto';
import { TicketQueriesService } from './ticket-queries.service';
import { TicketSigner } from './ticket-signer';

const notFound = ApiNotFoundResponse({
  description: "NOT_FOUND (also for someone else's ticket)",
  type: ErrorResponseDto,
});

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
  @ApiOperation({ summary: 'List tickets: your own; with eventId, all of an event your promoter runs' })
  @ApiPageResponse(TicketDto)
  list(@CurrentUser() user: AuthUser, @Query() query: TicketQueryDto): Promise<PageDto<TicketDto>> {
    return this.tickets.list(user, query);
  }

  @Get(':id')
  @Auth()
  @ApiOperation({ summary: 'One ticket with its signed code (its owner, the promoter team, admins)' })
  @ApiOkResponse({ type: TicketDto })
  @notFound
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<TicketDto> {
    return this.tickets.get(user, id);
  }

  @Get(':id/qr')
  @Auth()
  @ApiOperation({ summary: "The ticket's QR code as a PNG image" })
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'A PNG image', schema: { type: 'string', format: 'binary' } })
  @notFound
  async qr(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    const png = await this.tickets.qr(user, id);
    return new StreamableFile(png, { type: 'image/png', disposition: `inline; filename="ticket-${id}.png"` });
  }
}
