import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MethodExplorer } from '../discovery/method-explorer';
import { DomainEvents } from './domain-events.service';

/** The domain-event bus, global: any module may emit, and handlers are found wherever they are provided. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [MethodExplorer, DomainEvents],
  exports: [DomainEvents, MethodExplorer],
})
export class DomainEventsModule {}
