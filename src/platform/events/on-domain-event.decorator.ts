import { appendMethodMetadata } from '../discovery/method-explorer';
import { DomainEventName, HandlerPhase } from './domain-events';

export const DOMAIN_EVENT_HANDLER = Symbol('domain-event-handler');

export interface DomainEventHandlerMeta {
  event: DomainEventName;
  phase: HandlerPhase;
}

/**
 * Declares a provider method as a handler of `event`, found at boot by DomainEvents.
 * - `in-transaction`: `(payload, manager) => Promise<void>`, inside the emitter's transaction;
 * - `after-commit`: `(payload) => unknown`, once it has committed.
 */
export const OnDomainEvent = (event: DomainEventName, phase: HandlerPhase): MethodDecorator =>
  appendMethodMetadata(DOMAIN_EVENT_HANDLER, { event, phase } satisfies DomainEventHandlerMeta);
