import { Module } from '@nestjs/common';
import { WaitlistProcessor } from './waitlist.processor';
import { WaitlistLapseSweeper, WaitlistOfferSweeper } from './waitlist.sweepers';

/** The worker side of the waitlist: the offer and lapse jobs, and their sweepers. */
@Module({
  providers: [WaitlistProcessor, WaitlistOfferSweeper, WaitlistLapseSweeper],
  exports: [WaitlistOfferSweeper, WaitlistLapseSweeper],
})
export class WaitlistWorkerModule {}
