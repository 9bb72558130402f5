import { reminderDedupeKey, reminderDueAt, reminderJobId, reminderWindowOpen } from './reminder-schedule';

const HOUR = 3600 * 1000;
const startsAt = new Date('2030-06-01T19:30:00.000Z');

describe('reminder schedule', () => {
  it('is due 24 hours before the start', () => {
    expect(reminderDueAt(startsAt).toISOString()).toBe('2030-05-31T19:30:00.000Z');
  });

  it('is open from 24 hours before the start until the start', () => {
    expect(reminderWindowOpen(startsAt, new Date(startsAt.getTime() - 25 * HOUR))).toBe(false);
    expect(reminderWindowOpen(startsAt, new Date(startsAt.getTime() - 24 * HOUR))).toBe(true);
    expect(reminderWindowOpen(startsAt, new Date(startsAt.getTime() - 1))).toBe(true);
    expect(reminderWindowOpen(startsAt, startsAt)).toBe(false);
  });

  it('gives each start time its own job id, which BullMQ accepts', () => {
    const id = 'b3c1d2e4-0000-4000-8000-000000000001';
    expect(reminderJobId(id, startsAt)).toBe(`event-reminder-${id}-${startsAt.getTime()}`);
    expect(reminderJobId(id, new Date(startsAt.getTime() + HOUR))).not.toBe(reminderJobId(id, startsAt));
    expect(reminderJobId(id, startsAt)).not.toContain(':');
  });

  it('keys the outbox row by event, start and lower-cased email', () => {
    expect(reminderDedupeKey('e1', startsAt, 'Ada@Example.com')).toBe(
      `reminder:e1:${startsAt.getTime()}:ada@example.com`,
    );
  });
});
