import type { Answers } from '../../catalog/questions/answers';

/** Attendee details of one unit of a pending order (`orders.attendee_drafts`), before its ticket exists. */
export interface AttendeeDraft {
  tierId: string;
  /** Which unit of the tier in the order, from 0. */
  unit: number;
  name: string | null;
  email: string | null;
  answers: Answers;
}
