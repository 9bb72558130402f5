import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { AppConfig } from '../../platform/config/app-config';
import { DomainError } from '../../platform/errors/domain-error';
import { TicketStatus } from '../../checkout/tickets/ticket.entity';
import { AppleWallet } from './apple-wallet';
import { GoogleWallet } from './google-wallet';
import { PassFacts, passFacts } from './wallet-pass.queries';

/**
 * Wallet passes of a ticket, for its holder. A wallet that is not configured answers 404 WALLET_NOT_CONFIGURED;
 * one that is configured was checked at boot. A void ticket gets no pass.
 */
@Injectable()
export class WalletService {
  private readonly apple?: AppleWallet;
  private readonly google?: GoogleWallet;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    if (config.wallet.apple) this.apple = new AppleWallet(config.wallet.apple);
    if (config.wallet.google) this.google = new GoogleWallet(config.wallet.google, config.publicUrl);
  }

  async applePass(user: AuthUser, ticketId: string): Promise<Buffer> {
    const apple = this.configured(this.apple, 'Apple');
    return apple.pass(await this.passable(user, ticketId));
  }

  async googleLink(user: AuthUser, ticketId: string): Promise<{ saveUrl: string }> {
    const google = this.configured(this.google, 'Google');
    return { saveUrl: google.saveUrl(await this.passable(user, ticketId), this.clock.now()) };
  }

  private configured<T>(wallet: T | undefined, name: string): T {
    if (!wallet)
      throw new DomainError('WALLET_NOT_CONFIGURED', `${name} Wallet passes are not set up on this server`);
    return wallet;
  }

  /** The holder's live ticket; 404 for anyone else's, 409 TICKET_VOID for a void one. */
  private async passable(user: AuthUser, ticketId: string): Promise<PassFacts> {
    const facts = await passFacts(this.dataSource.manager, ticketId);
    if (!facts || facts.holderId !== user.id) throw DomainError.notFound('Ticket', ticketId);
    if (facts.status === TicketStatus.Void) {
      throw new DomainError('TICKET_VOID', `This ticket is void (${facts.voidReason ?? 'void'})`, {
        reason: facts.voidReason,
      });
    }
    return facts;
  }
}
