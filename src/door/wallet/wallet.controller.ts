import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { Controller, Get, Param, ParseUUIDPipe, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../../platform/auth/auth.decorators';
import type { AuthUser } from '../../platform/auth/auth-user';
import { GoogleWalletLinkDto } from './dto/google-wallet-link.dto';
import { WalletService } from './wallet.service';

@ApiTags('tickets')
@Controller('tickets/:id/wallet')
export class WalletController {
  constructor(private readonly wallet: WalletService) {}

  @Get('apple')
  @Auth()
  @ApiOperation({
    operationId: 'getAppleWalletPass',
    summary: 'Your ticket as a signed Apple Wallet pass (.pkpass)',
  })
  @ApiProduces('application/vnd.apple.pkpass')
  @ApiOkResponse({ description: 'A signed .pkpass', schema: { type: 'string', format: 'binary' } })
  @ApiIdParam()
  @ApiErrors('TICKET_VOID', 'WALLET_NOT_CONFIGURED')
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
  @ApiOperation({
    operationId: 'getGoogleWalletLink',
    summary: 'A "Save to Google Wallet" link for your ticket',
  })
  @ApiOkResponse({ type: GoogleWalletLinkDto })
  @ApiIdParam()
  @ApiErrors('TICKET_VOID', 'WALLET_NOT_CONFIGURED')
  google(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<GoogleWalletLinkDto> {
    return this.wallet.googleLink(user, id);
  }
}
