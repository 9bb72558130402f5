import { Module } from '@nestjs/common';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitStore } from './rate-limit.store';

/**
 * Rate limits stored in Redis, so they hold across API instances. The guard itself is registered by the app
 * module, after authentication: global guards run in registration order, and the per-user limits need the user
 * the JWT guard found.
 */
@Module({
  providers: [RateLimitStore, RateLimitGuard],
  exports: [RateLimitGuard],
})
export class RateLimitModule {}
