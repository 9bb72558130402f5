import { EntityManager } from 'typeorm';
import { OrderItem } from './order-item.entity';

/** An order being fulfilled: the paid units per tier and what the buyer paid for each (`unitGross`). */
export interface PaidUnits {
  orderId: string;
  items: Array<
    Pick<OrderItem, 'tierId' | 'quantity' | 'unitPrice' | 'unitDiscount' | 'taxRateBps' | 'taxMode'>
  >;
}

/** A seller's ticket a sale settled: its refund, and what the seller gets back (`amount`, the fee kept). */
export interface ResoldTicket {
  orderId: string;
  ticketId: string;
  tierId: string;
  amount: number;
}

/** What settling did: the refunds to send after commit, and the tickets resold (each gets a credit note). */
export interface ResaleSettlement {
  refundIds: string[];
  resold: ResoldTicket[];
}

/**
 * The resale (in the waitlist module) as checkout sees it. A listed ticket's unit was put back on sale like any
 * freed unit; checkout calls this port so that the sale of such a unit also ends the listing. Declared here and
 * provided by the waitlist module through DI, so checkout never imports a later module.
 */
export abstract class ResaleSales {
  /**
   * In the fulfilment transaction, with the buyer's order row locked and before the tier locks: settles the
   * oldest listings of the paid tiers, one per unit (voids each seller's ticket, records the seller's refund,
   * books it on the seller's order). Returns the refund payment ids to send once the transaction commits, and
   * the tickets resold.
   */
  abstract settle(manager: EntityManager, paid: PaidUnits): Promise<ResaleSettlement>;

  /**
   * In a refund transaction holding the order row and these tickets: ends the listings of tickets that are being
   * refunded while listed. Their units are already back on sale, so the refund must not return them again.
   */
  abstract cancel(manager: EntityManager, ticketIds: string[]): Promise<void>;
}
