import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { findEventQuestions } from '../../catalog/questions/question.queries';
import { AttendeeDetailsPolicy } from '../../catalog/questions/question-type';
import type { Order } from '../orders/order.entity';
import { AttendeeRules, MissingDetails, missingDetails, pendingUnits } from './attendee-requirements';

/** Reads what an event asks of its attendees, and what a pending order still lacks. */
@Injectable()
export class AttendeeRulesService {
  /** The tiers' attendee policies and the event's live questions. */
  async load(manager: EntityManager, eventId: string, tierIds: string[]): Promise<AttendeeRules> {
    const [tiers, questions] = await Promise.all([
      manager.query(`SELECT id, attendee_details FROM ticket_tiers WHERE id = ANY($1::uuid[])`, [
        [...new Set(tierIds)],
      ]) as Promise<Array<{ id: string; attendee_details: AttendeeDetailsPolicy }>>,
      findEventQuestions(manager, eventId),
    ]);
    return { policies: new Map(tiers.map((t) => [t.id, t.attendee_details])), questions };
  }

  /** What a pending order's units lack before it may be paid (nothing: an empty list). */
  async missingBeforePayment(
    manager: EntityManager,
    order: Pick<Order, 'eventId' | 'attendeeDrafts'>,
    items: Array<{ tierId: string; quantity: number }>,
  ): Promise<MissingDetails[]> {
    const rules = await this.load(
      manager,
      order.eventId,
      items.map((i) => i.tierId),
    );
    return missingDetails(pendingUnits(items, order.attendeeDrafts), rules);
  }
}
