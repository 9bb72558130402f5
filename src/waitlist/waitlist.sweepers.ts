import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Sweeper } from '../platform/jobs/sweeper';
import { AppConfig } from '../platform/config/app-config';
import { WaitlistOffersService } from './waitlist-offers.service';

/**
 * Offers free units of every tier somebody waits for: the guarantee behind the "units freed" jobs, should
 * Redis forget them or the process die between a commit and its enqueue.
 */
@Injectable()
export class WaitlistOfferSweeper extends Sweeper {
  readonly name = 'waitlist-offers';

  constructor(
    dataSource: DataSource,
    config: AppConfig,
    private readonly offers: WaitlistOffersService,
  ) {
    super(dataSource, config);
  }

  protected sweep(): Promise<number> {
    return this.offers.offerWhereFree();
  }
}

/** Lapses every overdue offer (its units roll on): the guarantee behind the delayed lapse jobs. */
@Injectable()
export class WaitlistLapseSweeper extends Sweeper {
  readonly name = 'waitlist-lapses';

  constructor(
    dataSource: DataSource,
    config: AppConfig,
    private readonly offers: WaitlistOffersService,
  ) {
    super(dataSource, config);
  }

  protected sweep(): Promise<number> {
    return this.offers.lapseOverdue();
  }
}
