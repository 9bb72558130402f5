import { Controller, Get, Param, ParseUUIDPipe, StreamableFile } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, CurrentUser } from '../../platform/auth/auth.decorators';
import type { AuthUser } from '../../platform/auth/auth-user';
import { ErrorResponseDto } from '../../platform/errors/error-response.dto';
import { GoogleWalletLinkDto } from './dto/google-wallet-link.dto';
import { WalletService } from './wallet.service';

const notFound = ApiNotFoundResponse({
  description: "WALLET_NOT_CONFIGURED, or NOT_FOUND (also for someone else's ticket)",
  type: ErrorResponseDto,
});
const voidTicket = ApiConflictResponse({ description: 'TICKET_VOID', type: ErrorResponseDto });

@ApiTags('tickets')
@Controller('tickets/:id/wallet')
export class WalletController {
  constructor(private readonly wallet: WalletService) {}

  @Get('apple')
  @Auth()
  @ApiOperation({ summary: 'Your ticket as a signed Apple Wallet pass (.pkpass)' })
  @ApiProduces('application/vnd.apple.pkpass')
  @ApiOkResponse({ description: 'A signed .pkpass', schema: { type: 'string', format: 'binary' } })
  @notFound
  @voidTicket
  async apple(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<StreamableFile> {
    const pass = await this.wallet.applePass(user, id);
    return new StreamableFile(pass, {
      type: 'application/vnd.apple.pkpass',
      disposition: `attachment; filename="ticket-${id}.pkpass"`,
    });
  }

  @Get('google')
  @Auth()
  @ApiOperation({ summary: 'A "Save to Google Wallet" link for your ticket' })
  @ApiOkResponse({ type: GoogleWalletLinkDto })
  @notFound
  @voidTicket
  google(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<GoogleWalletLinkDto> {
    return this.wallet.googleLink(user, id);
  }
}
