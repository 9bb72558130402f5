import { DomainError } from '../../platform/errors/domain-error';

export interface FieldError {
  field: string;
  errors: string[];
}

export interface EventSchedule {
  startsAt: Date;
  endsAt: Date;
  salesStartAt: Date | null;
  salesEndAt: Date | null;
  queueEnabled?: boolean;
  queueOpensAt?: Date | null;
}

/**
 * The rules that tie an event's instants together: it ends after it starts, and its sales window opens before
 * it closes and closes no later than the event ends. Sales may open long before the event; they cannot run
 * past its end. `now` is given when the event must still lie in the future (on create and on moving it).
 */
export function eventScheduleErrors(s: EventSchedule, now?: Date): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, errors: [message] });
  if (now && s.startsAt <= now) add('startsAt', 'startsAt must be in the future');
  if (s.endsAt <= s.startsAt) add('endsAt', 'endsAt must be after startsAt');
  if (s.salesStartAt && s.salesStartAt >= s.endsAt) add('salesStartAt', 'salesStartAt must be before endsAt');
  if (s.salesEndAt && s.salesEndAt > s.endsAt) add('salesEndAt', 'salesEndAt must not be after endsAt');
  if (s.salesStartAt && s.salesEndAt && s.salesEndAt <= s.salesStartAt) {
    add('salesEndAt', 'salesEndAt must be after salesStartAt');
  }
  if (s.queueEnabled && !s.queueOpensAt)
    add('queue.opensAt', 'queue.opensAt is required when the queue is enabled');
  if (s.queueEnabled && s.queueOpensAt && s.salesStartAt && s.queueOpensAt > s.salesStartAt) {
    add('queue.opensAt', 'queue.opensAt must not be after salesStartAt');
  }
  if (s.queueEnabled && s.queueOpensAt && s.queueOpensAt >= s.endsAt) {
    add('queue.opensAt', 'queue.opensAt must be before endsAt');
  }
  return errors;
}

/** 400 VALIDATION_FAILED with `details.fields`, the same shape the validation pipe uses. */
export function assertNoFieldErrors(errors: FieldError[]): void {
  if (errors.length > 0)
    throw new DomainError('VALIDATION_FAILED', 'The request is invalid', { fields: errors });
}
