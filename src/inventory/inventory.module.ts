import { Global, Module } from '@nestjs/common';
import { InventoryService } from './inventory.service';

/** Inventory is asked by the catalog, checkout and the waitlist alike: global, with one service. */
@Global()
@Module({
  providers: [InventoryService],
  exports: [InventoryService],
})
export class InventoryModule {}
