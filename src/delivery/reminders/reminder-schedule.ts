/** Reminders go out this long before an event starts (DESIGN.md: 24 hours). */
export const REMINDER_LEAD_MS = 24 * 3600 * 1000;

/** When the reminders for an event starting at `startsAt` are due. */
export function reminderDueAt(startsAt: Date): Date {
  return new Date(startsAt.getTime() - REMINDER_LEAD_MS);
}

/**
 * Whether reminders for this start may go out at `now`: from 24 hours before the start until the start. Once
 * the event has begun a reminder is pointless, so a worker that was down all day sends nothing late.
 */
export function reminderWindowOpen(startsAt: Date, now: Date): boolean {
  return now >= reminderDueAt(startsAt) && now < startsAt;
}

/**
 * The delayed job's id: one per event and start time, so scheduling twice queues once and a moved start gets
 * a job of its own. Hyphens, not colons: BullMQ refuses most custom ids that contain `:`.
 */
export function reminderJobId(eventId: string, startsAt: Date): string {
  return `event-reminder-${eventId}-${startsAt.getTime()}`;
}

/** The outbox key that makes one holder's reminder for one start time once-only, whoever sends it. */
export function reminderDedupeKey(eventId: string, startsAt: Date, email: string): string {
  return `reminder:${eventId}:${startsAt.getTime()}:${email.toLowerCase()}`;
}
