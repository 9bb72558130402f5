import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmailVerificationModule } from '../../accounts/users/email-verification/email-verification.module';
import { AdmissionModule } from '../../demand/admission/admission.module';
import { QueueName } from '../../platform/jobs/queues';
import { PaymentsModule } from '../payments/payments.module';
import { TicketsModule } from '../tickets/tickets.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { EventRefundsService } from './event-refunds.service';
import { FulfilmentService } from './fulfilment.service';
import { OrderExpiryService } from './order-expiry.service';
import { OrderItem } from './order-item.entity';
import { OrderPaymentsService } from './order-payments.service';
import { OrderPlacementService } from './order-placement.service';
import { Order } from './order.entity';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';
import { RefundsService } from './refunds.service';
import { AttendeeRulesService } from '../attendees/attendee-rules.service';
import { OrderAttendeesService } from '../attendees/order-attendees.service';
import { TicketAttendeesController } from '../attendees/ticket-attendees.controller';

/**
 * Checkout: holds on locked inventory (tier units and code uses), attendee details, payment, fulfilment, expiry
 * and refunds. Exports what the webhook and the
 * waitlist's claims need: `OrderPaymentsService` (start a payment; a payment changed) and `OrderExpiryService`.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Order, OrderItem]),
    BullModule.registerQueue({ name: QueueName.Refunds }),
    PaymentsModule,
    TicketsModule,
    EmailVerificationModule,
    AdmissionModule,
    InvoicesModule,
  ],
  controllers: [OrdersController, TicketAttendeesController],
  providers: [
    OrdersService,
    OrderPlacementService,
    OrderExpiryService,
    OrderPaymentsService,
    FulfilmentService,
    RefundsService,
    EventRefundsService,
    AttendeeRulesService,
    OrderAttendeesService,
  ],
  exports: [OrderPaymentsService, OrderExpiryService, RefundsService],
})
export class OrdersModule {}
