import { EventStatus } from '../events/event-status';
import { tierAvailability, TierAvailabilityInput, TierSaleStatus } from './tier-availability';

const now = new Date('2030-06-01T12:00:00Z');
const hours = (h: number) => new Date(now.getTime() + h * 3600_000);

function tier(
  overrides: Partial<TierAvailabilityInput> = {},
  event: Partial<TierAvailabilityInput['event']> = {},
) {
  return {
    capacity: 100,
    sold: 10,
    held: 5,
    salesStartAt: null,
    salesEndAt: null,
    ...overrides,
    event: {
      status: EventStatus.Published,
      endsAt: hours(48),
      salesStartAt: null,
      salesEndAt: null,
      deleted: false,
      ...event,
    },
  };
}

describe('tierAvailability', () => {
  it('is on sale inside an open window and counts what is left', () => {
    expect(tierAvailability(tier(), now)).toEqual({
      capacity: 100,
      sold: 10,
      held: 5,
      available: 85,
      status: TierSaleStatus.OnSale,
    });
  });

  it('is sold out when sold + held reach capacity', () => {
    const result = tierAvailability(tier({ sold: 60, held: 40 }), now);
    expect(result).toMatchObject({ available: 0, status: TierSaleStatus.SoldOut });
  });

  it('has not started before the tier window opens, or before the event window opens', () => {
    expect(tierAvailability(tier({ salesStartAt: hours(1) }), now).status).toBe(TierSaleStatus.NotStarted);
    expect(tierAvailability(tier({}, { salesStartAt: hours(1) }), now).status).toBe(
      TierSaleStatus.NotStarted,
    );
  });

  it('opens exactly at the later of the two starts', () => {
    const t = tier({ salesStartAt: hours(-1) }, { salesStartAt: now });
    expect(tierAvailability(t, now).status).toBe(TierSaleStatus.OnSale);
  });

  it('has ended at the tier end, the event sales end or the event end, whichever is first', () => {
    expect(tierAvailability(tier({ salesEndAt: now }), now).status).toBe(TierSaleStatus.Ended);
    expect(tierAvailability(tier({}, { salesEndAt: hours(-1) }), now).status).toBe(TierSaleStatus.Ended);
    expect(tierAvailability(tier({}, { endsAt: hours(-1) }), now).status).toBe(TierSaleStatus.Ended);
  });

  it('reports ended rather than sold out once the window has closed', () => {
    const t = tier({ sold: 100, held: 0, salesEndAt: hours(-1) });
    expect(tierAvailability(t, now).status).toBe(TierSaleStatus.Ended);
  });

  it('has not started while the event is a draft', () => {
    expect(tierAvailability(tier({}, { status: EventStatus.Draft }), now).status).toBe(
      TierSaleStatus.NotStarted,
    );
  });

  it.each([EventStatus.Cancelled, EventStatus.Completed])('has ended once the event is %s', (status) => {
    expect(tierAvailability(tier({}, { status }), now).status).toBe(TierSaleStatus.Ended);
  });

  it('has ended once the event is deleted', () => {
    expect(tierAvailability(tier({}, { deleted: true }), now).status).toBe(TierSaleStatus.Ended);
  });

  it('never reports a negative availability', () => {
    expect(tierAvailability(tier({ capacity: 0, sold: 0, held: 0 }), now)).toMatchObject({
      available: 0,
      status: TierSaleStatus.SoldOut,
    });
  });
});
