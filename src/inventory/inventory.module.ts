import { Global, Module } from '@nestjs/common';
import { CodeStockService } from './code-stock.service';
import { InventoryService } from './inventory.service';

/** Inventory (tier units and code uses) is asked by the catalog, checkout and the waitlist alike: global. */
@Global()
@Module({
  providers: [InventoryService, CodeStockService],
  exports: [InventoryService, CodeStockService],
})
export class InventoryModule {}
