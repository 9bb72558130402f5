import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../../platform/idempotency/idempotency.module';
import { OrdersModule } from './orders.module';
import { OrdersProcessor } from './orders.processor';
import { EventRefundSweeper, IdempotencyKeySweeper, OrderExpirySweeper } from './orders.sweepers';
import { RefundsProcessor } from './refunds.processor';

/** The worker side of checkout: hold expiry and event-cancellation refunds, as jobs and as sweepers. */
@Module({
  imports: [OrdersModule, IdempotencyModule],
  providers: [
    OrdersProcessor,
    RefundsProcessor,
    OrderExpirySweeper,
    EventRefundSweeper,
    IdempotencyKeySweeper,
  ],
  exports: [OrderExpirySweeper, EventRefundSweeper],
})
export class OrdersWorkerModule {}
