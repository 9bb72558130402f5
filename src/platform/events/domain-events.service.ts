import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { afterCommit } from '../database/after-commit';
import { MethodExplorer } from '../discovery/method-explorer';
import { DomainEventMap, DomainEventName, HandlerPhase, REQUIRED_HANDLERS } from './domain-events';
import { DOMAIN_EVENT_HANDLER, DomainEventHandlerMeta } from './on-domain-event.decorator';

type Handler = (payload: unknown, manager?: EntityManager) => unknown;

interface Registered {
  label: string;
  handle: Handler;
}

/** Throws unless every event has the handlers REQUIRED_HANDLERS asks for. Exported for its unit spec. */
export function assertRequiredHandlers(
  counts: (event: DomainEventName, phase: HandlerPhase) => number,
  required = REQUIRED_HANDLERS,
): void {
  const problems = (Object.keys(required) as DomainEventName[]).flatMap((event) =>
    (Object.entries(required[event]) as Array<[HandlerPhase, number]>)
      .filter(([phase, min]) => counts(event, phase) < min)
      .map(([phase, min]) => `${event} needs ${min} ${phase} handler(s), has ${counts(event, phase)}`),
  );
  if (problems.length > 0) throw new Error(`Domain event handlers missing: ${problems.join('; ')}`);
}

export const DOMAIN_EVENTS_OPTIONS = Symbol('DOMAIN_EVENTS_OPTIONS');

export interface DomainEventsOptions {
  checkRequiredHandlers: boolean;
}

/**
 * The typed domain-event bus. Handlers are provider methods marked `@OnDomainEvent`, found at boot through
 * dependency injection (so a handler that is not provided simply does not exist, and the boot check says so).
 */
@Injectable()
export class DomainEvents implements OnModuleInit {
  private readonly logger = new Logger(DomainEvents.name);
  private readonly handlers = new Map<string, Registered[]>();

  constructor(
    private readonly explorer: MethodExplorer,
    @Inject(DOMAIN_EVENTS_OPTIONS) private readonly options: DomainEventsOptions,
  ) {}

  onModuleInit(): void {
    for (const found of this.explorer.find<DomainEventHandlerMeta>(DOMAIN_EVENT_HANDLER)) {
      const key = `${found.meta.event}:${found.meta.phase}`;
      const fn = (found.instance as Record<string, Handler>)[found.methodName];
      this.handlers.set(key, [
        ...(this.handlers.get(key) ?? []),
        { label: found.label, handle: fn.bind(found.instance) },
      ]);
    }
    if (this.options.checkRequiredHandlers) {
      assertRequiredHandlers((event, phase) => this.handlers.get(`${event}:${phase}`)?.length ?? 0);
    }
  }

  /**
   * Runs the in-transaction handlers now, in `manager`'s transaction (in registration order), and queues the
   * after-commit handlers for when it commits. Without a transaction, both run at once.
   */
  async emit<E extends DomainEventName>(
    manager: EntityManager,
    event: E,
    payload: DomainEventMap[E],
  ): Promise<void> {
    for (const h of this.handlers.get(`${event}:in-transaction`) ?? []) await h.handle(payload, manager);
    for (const h of this.handlers.get(`${event}:after-commit`) ?? []) {
      afterCommit(manager, async () => {
        try {
          await h.handle(payload);
        } catch (err) {
          this.logger.error({ err, event, handler: h.label }, 'after-commit handler failed');
        }
      });
    }
  }

  /** Handler labels per event and phase, for docs and the boot log. */
  describe(): Record<string, string[]> {
    return Object.fromEntries([...this.handlers].map(([key, hs]) => [key, hs.map((h) => h.label)]));
  }
}
