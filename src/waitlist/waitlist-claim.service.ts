import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../platform/auth/auth-user';
import { Clock } from '../platform/clock/clock';
import { DomainError } from '../platform/errors/domain-error';
import { AppConfig } from '../platform/config/app-config';
import { EventStatus } from '../catalog/events/event-status';
import { Event } from '../catalog/events/event.entity';
import { OrderDto } from '../checkout/orders/dto/order.dto';
import { insertHoldRows } from '../checkout/orders/hold.queries';
import { InventoryService } from '../inventory/inventory.service';
import { OrderPaymentsService } from '../checkout/orders/order-payments.service';
import { buildHoldPlan, HoldPlan } from '../checkout/orders/hold-plan';
import { TicketTier } from '../catalog/tiers/ticket-tier.entity';
import { WaitlistEntriesService } from './waitlist-entries.service';
import { WaitlistEntry } from './waitlist-entry.entity';
import { WaitlistOffersService } from './waitlist-offers.service';
import { WaitlistStatus } from './waitlist-status';
import { claimOffer } from './waitlist.queries';

/** Thrown inside the claim transaction to roll the order rows back when the offer closed meanwhile. */
class OfferGone extends Error {}

/**
 * `POST /waitlist/{id}/claim`: an open offer becomes a normal pending order that goes to payment. The offer's
 * units are already counted in `held`, so there is no second inventory check to race: the one transaction
 * writes the order rows, takes the tier lock (tier before entry, the order every waitlist path keeps), and moves
 * the reservation from the entry to the order by closing the entry; `held` does not change.
 */
@Injectable()
export class WaitlistClaimService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly entries: WaitlistEntriesService,
    private readonly offers: WaitlistOffersService,
    private readonly payments: OrderPaymentsService,
    private readonly inventory: InventoryService,
  ) {}

  async claim(user: AuthUser, entryId: string, meta: RequestMeta): Promise<OrderDto> {
    const entry = await this.entries.own(user, entryId);
    if (!this.isOpen(entry)) throw await this.refusal(user, entry);
    const tier = await this.dataSource.manager.findOne(TicketTier, {
      where: { id: entry.tierId },
      withDeleted: true,
      relations: { event: true },
    });
    const event = tier?.event;
    if (!tier || !event || event.status !== EventStatus.Published || event.deletedAt) {
      throw new DomainError('EVENT_NOT_ON_SALE', 'This event is not on sale', { status: event?.status });
    }
    const plan = this.plan(user, entry, tier, event);
    try {
      await this.dataSource.transaction(async (manager) => {
        await insertHoldRows(manager, [plan], this.inventory.lockTimeout());
        await this.inventory.lockTiers(manager, [tier.id]);
        if (!(await claimOffer(manager, entry.id, user.id, plan.order.id, this.clock.now()))) {
          throw new OfferGone();
        }
        await this.audit.record(manager, {
          actorId: user.id,
          action: 'waitlist.claimed',
          entityType: 'waitlist_entry',
          entityId: entry.id,
          meta,
          before: { status: WaitlistStatus.Offered },
          after: { status: WaitlistStatus.Claimed, orderId: plan.order.id, quantity: plan.items[0].quantity },
        });
      });
    } catch (err) {
      if (!(err instanceof OfferGone)) throw err;
      throw await this.refusal(user, entry);
    }
    const order = await this.payments.start(plan.order, user);
    return OrderDto.from(order, plan.items, true);
  }

  private isOpen(entry: WaitlistEntry): boolean {
    return (
      entry.status === WaitlistStatus.Offered &&
      entry.offerExpiresAt !== null &&
      entry.offerExpiresAt > this.clock.now()
    );
  }

  /**
   * 409 OFFER_NOT_ACTIVE with the entry's current state. An offer whose time is up but whose lapse has not run
   * yet is lapsed right here, so its units roll on to the next entry without waiting for the job.
   */
  private async refusal(user: AuthUser, entry: WaitlistEntry): Promise<DomainError> {
    if (entry.status === WaitlistStatus.Offered) await this.offers.lapse(entry.id, this.clock.now());
    const current = await this.entries.own(user, entry.id);
    return new DomainError('OFFER_NOT_ACTIVE', 'This waitlist entry has no open offer to claim', {
      status: current.status,
      offerExpiresAt: current.offerExpiresAt,
    });
  }

  /** The order a claim creates: the offered units at the tier's current price, plus the booking fee. */
  private plan(user: AuthUser, entry: WaitlistEntry, tier: TicketTier, event: Event): HoldPlan {
    return buildHoldPlan({
      buyerId: user.id,
      event,
      lines: [{ tier, quantity: entry.offeredQuantity! }],
      now: this.clock.now(),
      holdTtlSeconds: this.config.inventory.holdTtlSeconds,
      bookingFeeBps: this.config.orders.bookingFeeBps,
    });
  }
}
