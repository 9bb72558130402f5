import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AccessService } from '../../access/access.service';
import { MemberRole } from '../../access/member-role';
import type { AuthUser } from '../../platform/auth/auth-user';
import type { Answers, AnswerValue, AskedQuestion } from '../../catalog/questions/answers';
import { findEventQuestions } from '../../catalog/questions/question.queries';
import { shownAnswers } from '../../checkout/attendees/attendee-input';
import { csvLine } from '../../platform/csv/csv';
import { PageDto, toPage } from '../../platform/http/page';
import { AttendeeQueryDto } from './dto/attendee-query.dto';
import { AttendeeDto } from './dto/attendee.dto';

const CSV_BATCH = 1000;

interface AttendeeRow {
  id: string;
  order_id: string;
  tier_id: string;
  tier_name: string;
  attendee_name: string;
  attendee_email: string;
  status: AttendeeDto['status'];
  checked_in_at: Date | null;
  updated_at: Date;
  answers: Answers;
}

function toAttendee(r: AttendeeRow, questions: AskedQuestion[]): AttendeeDto {
  return {
    ticketId: r.id,
    orderId: r.order_id,
    tierId: r.tier_id,
    tierName: r.tier_name,
    attendeeName: r.attendee_name,
    attendeeEmail: r.attendee_email,
    status: r.status,
    checkedInAt: r.checked_in_at,
    answers: shownAnswers(r.answers, questions),
    updatedAt: r.updated_at,
  };
}

/** One answer in a CSV cell: choices joined with `; `, a checkbox as yes or no, empty when unanswered. */
function answerCell(value: AnswerValue | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value;
}

export const ATTENDEE_CSV_COLUMNS: Array<keyof AttendeeDto> = [
  'ticketId',
  'orderId',
  'tierId',
  'tierName',
  'attendeeName',
  'attendeeEmail',
  'status',
  'checkedInAt',
];

/**
 * The attendee list of an event, for every member of its promoter (door staff included) and admins: one row per
 * ticket with its attendee and the answers to the event's current questions (in the CSV, one column per question
 * after the fixed ones, headed by its label).
 */
@Injectable()
export class AttendeesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /** `GET /events/{id}/attendees` as a page of JSON. Any member of the promoter, and admins. */
  async attendees(user: AuthUser, eventId: string, query: AttendeeQueryDto): Promise<PageDto<AttendeeDto>> {
    await this.requireEventMember(user, eventId);
    const since = query.updatedSince ?? null;
    const [rows, count, questions] = await Promise.all([
      this.attendeeRows(eventId, since, null, query.limit, query.offset),
      this.dataSource.query(
        `SELECT count(*)::int AS n FROM tickets WHERE event_id = $1 AND ($2::timestamptz IS NULL OR updated_at >= $2)`,
        [eventId, since],
      ) as Promise<Array<{ n: number }>>,
      findEventQuestions(this.dataSource.manager, eventId),
    ]);
    return toPage(
      rows.map((r) => toAttendee(r, questions)),
      count[0].n,
      query,
    );
  }

  /** The same list as CSV, streamed in batches (keyset pagination), so a large event never sits in memory. */
  async attendeesCsv(user: AuthUser, eventId: string, updatedSince?: string): Promise<Readable> {
    await this.requireEventMember(user, eventId);
    const questions = await findEventQuestions(this.dataSource.manager, eventId);
    const rowsOf = (after: string | null) =>
      this.attendeeRows(eventId, updatedSince ?? null, after, CSV_BATCH, 0);
    const line = (r: AttendeeRow) => {
      const attendee = toAttendee(r, questions);
      return csvLine([
        ...ATTENDEE_CSV_COLUMNS.map((c) => attendee[c]),
        ...questions.map((q) => answerCell(r.answers[q.id])),
      ]);
    };
    async function* lines(): AsyncGenerator<string> {
      yield csvLine([...ATTENDEE_CSV_COLUMNS, ...questions.map((q) => q.label)]);
      let after: string | null = null;
      for (;;) {
        const rows = await rowsOf(after);
        if (rows.length === 0) return;
        yield rows.map(line).join('');
        after = rows[rows.length - 1].id;
      }
    }
    return Readable.from(lines());
  }

  /** Keyset after `after` (the CSV's batches), or plain offset paging (the JSON pages). */
  private async attendeeRows(
    eventId: string,
    updatedSince: string | null,
    after: string | null,
    limit: number,
    offset: number,
  ) {
    return (await this.dataSource.query(
      `SELECT t.id, t.order_id, t.tier_id, tt.name AS tier_name, t.attendee_name, t.attendee_email, t.status,
              t.checked_in_at, t.updated_at, t.answers
         FROM tickets t JOIN ticket_tiers tt ON tt.id = t.tier_id
        WHERE t.event_id = $1 AND ($2::timestamptz IS NULL OR t.updated_at >= $2) AND ($3::uuid IS NULL OR t.id > $3)
        ORDER BY t.id LIMIT $4 OFFSET $5`,
      [eventId, updatedSince, after, limit, offset],
    )) as AttendeeRow[];
  }

  private async requireEventMember(user: AuthUser, eventId: string): Promise<void> {
    await this.access.requireEventRole(user, eventId, MemberRole.Staff);
  }
}
