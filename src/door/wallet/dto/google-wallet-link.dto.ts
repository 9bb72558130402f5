import { ApiProperty } from '@nestjs/swagger';

export class GoogleWalletLinkDto {
  /** Open it (or put it behind a "Save to Google Wallet" button) to save the ticket. */
  @ApiProperty({ example: 'https://pay.google.com/gp/v/save/eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9…' })
  saveUrl: string;
}
