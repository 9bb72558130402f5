import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" for business rules (holds, offers, sales windows, lockouts). Production reads the
 * system clock; tests give the app a fake one through dependency injection (`overrideProvider(Clock)`).
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
