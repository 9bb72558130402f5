import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MethodExplorer } from '../discovery/method-explorer';
import { DOMAIN_EVENTS_OPTIONS, DomainEvents, DomainEventsOptions } from './domain-events.service';

/** The domain-event bus, global: any module may emit, and handlers are found wherever they are provided. */
@Global()
@Module({})
export class DomainEventsModule {
  /**
   * The app checks at boot that every event has its required handlers; a CLI that loads a few modules only
   * (`npm run admin:create`) passes `checkRequiredHandlers: false`.
   */
  static forRoot(options: DomainEventsOptions = { checkRequiredHandlers: true }): DynamicModule {
    return {
      module: DomainEventsModule,
      imports: [DiscoveryModule],
      providers: [MethodExplorer, DomainEvents, { provide: DOMAIN_EVENTS_OPTIONS, useValue: options }],
      exports: [DomainEvents, MethodExplorer],
    };
  }
}
