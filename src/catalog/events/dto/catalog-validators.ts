import { registerDecorator, ValidationOptions } from 'class-validator';

const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** A name from the IANA time zone database that this runtime knows, e.g. `Europe/Berlin` or `UTC`. */
export function isIanaTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64 || !TIME_ZONE_NAME.test(value)) return false;
  try {
    // Throws a RangeError for a zone the runtime's tz database does not know. Unlike
    // Intl.supportedValuesOf('timeZone'), it also accepts "UTC" and current names such as Asia/Kolkata.
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** An active ISO 4217 currency code in upper case, e.g. `EUR`. */
export function isIsoCurrency(value: unknown): boolean {
  return typeof value === 'string' && CURRENCIES.has(value);
}

export function IsIanaTimeZone(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time zone such as Europe/Berlin`, ...options },
      validator: { validate: isIanaTimeZone },
    });
}

export function IsIsoCurrency(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isIsoCurrency',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO 4217 currency code such as EUR`, ...options },
      validator: { validate: isIsoCurrency },
    });
}

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * An ISO 8601 date-time with an explicit offset (`Z` or `+02:00`), so it names one instant, on a real calendar
 * day (`Date.parse` rolls 2030-02-30 over to March; Postgres refuses it) in the years 0001–9999.
 */
export function isInstant(value: unknown): boolean {
  const m = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!m) return false;
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = m
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  return (
    year! >= 1 &&
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysIn(year!, month!) &&
    hour! <= 23 &&
    minute! <= 59 &&
    second <= 59 &&
    offsetHours <= 14 &&
    offsetMinutes <= 59
  );
}

export function IsInstant(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be an ISO 8601 date-time with an offset, e.g. 2030-06-01T18:00:00Z`,
        ...options,
      },
      validator: { validate: isInstant },
    });
}
