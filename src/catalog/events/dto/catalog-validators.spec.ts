import { isIanaTimeZone, isInstant, isIsoCurrency } from './catalog-validators';

describe('catalog validators', () => {
  it.each(['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'UTC', 'Asia/Kolkata', 'Etc/GMT+5'])(
    'accepts the time zone %s',
    (zone) => expect(isIanaTimeZone(zone)).toBe(true),
  );

  it.each(['Mars/Olympus', '+01:00', '', 'Europe/Berlin; DROP', 42, null])(
    'refuses the time zone %p',
    (zone) => expect(isIanaTimeZone(zone)).toBe(false),
  );

  it.each(['EUR', 'USD', 'JPY'])('accepts the currency %s', (c) => expect(isIsoCurrency(c)).toBe(true));

  it.each(['eur', 'EURO', 'ABC', '', 7])('refuses the currency %p', (c) =>
    expect(isIsoCurrency(c)).toBe(false),
  );
});

describe('isInstant', () => {
  it.each([
    '2030-06-01T18:00:00Z',
    '2030-06-01T18:00Z',
    '2030-06-01T18:00:00.123+02:00',
    '2028-02-29T00:00:00Z',
    '2030-12-31T23:59:59-14:00',
  ])('accepts %s', (v) => expect(isInstant(v)).toBe(true));

  it.each([
    '2030-06-01',
    '2030-06-01T18:00:00',
    '2030-13-01T18:00:00Z',
    'tomorrow',
    1767225600000,
    // Real calendar days only: Date.parse rolls these over into the next month, Postgres refuses them.
    '2030-02-30T00:00:00Z',
    '2029-02-29T00:00:00Z',
    '2030-04-31T00:00:00Z',
    '2030-01-01T24:00:00Z',
    '2030-01-01T23:60:00Z',
    '2030-01-01T00:00:60Z',
    '0000-01-01T00:00:00Z',
    '2030-01-01T00:00:00+15:00',
  ])('refuses %p', (v) => expect(isInstant(v)).toBe(false));
});
