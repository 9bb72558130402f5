import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { Sweeper } from '../../platform/jobs/sweeper';
import { AppConfig } from '../../platform/config/app-config';
import { EventRefundsService } from './event-refunds.service';
import { OrderExpiryService } from './order-expiry.service';

/** Expires every overdue hold: the guarantee behind the delayed jobs, should Redis forget them. */
@Injectable()
export class OrderExpirySweeper extends Sweeper {
  readonly name = 'order-expiry';

  constructor(
    dataSource: DataSource,
    config: AppConfig,
    private readonly expiry: OrderExpiryService,
  ) {
    super(dataSource, config);
  }

  protected sweep(): Promise<number> {
    return this.expiry.expireOverdue();
  }
}

/** Re-queues the refunds a cancelled event still owes. */
@Injectable()
export class EventRefundSweeper extends Sweeper {
  readonly name = 'event-refunds';

  constructor(
    dataSource: DataSource,
    config: AppConfig,
    private readonly eventRefunds: EventRefundsService,
  ) {
    super(dataSource, config);
  }

  protected sweep(): Promise<number> {
    return this.eventRefunds.resume();
  }
}

/** Deletes Idempotency-Key records older than 24 hours. */
@Injectable()
export class IdempotencyKeySweeper extends Sweeper {
  readonly name = 'idempotency-keys';
  protected intervalSeconds = 600;

  constructor(
    dataSource: DataSource,
    config: AppConfig,
    private readonly idempotency: IdempotencyService,
  ) {
    super(dataSource, config);
  }

  protected sweep(): Promise<number> {
    return this.idempotency.purgeExpired();
  }
}
