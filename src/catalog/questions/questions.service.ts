import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../access/access.service';
import { MemberRole } from '../../access/member-role';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { EventAccessService } from '../events/event-access.service';
import { assertNoFieldErrors, FieldError } from '../events/event-schedule';
import { CreateQuestionDto, QuestionDto, UpdateQuestionDto } from './dto/question.dto';
import { EventQuestion } from './event-question.entity';
import { questionFieldErrors } from './question-rules';
import { findEventQuestions, foreignTierIds } from './question.queries';

/** The fields a create or update sets; undefined leaves a field as it is. */
function fieldsOf(dto: UpdateQuestionDto): Partial<EventQuestion> {
  // `null` only clears what may be empty (the help text); elsewhere it leaves the field as it is.
  const fields: Partial<EventQuestion> = {
    label: dto.label ?? undefined,
    helpText: dto.helpText,
    required: dto.required ?? undefined,
    position: dto.position ?? undefined,
    choices: dto.choices ? dto.choices.map((c) => c.trim()) : undefined,
    tierIds: dto.tierIds ? [...new Set(dto.tierIds)] : undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

const shape = (q: EventQuestion) => ({
  label: q.label,
  type: q.type,
  required: q.required,
  position: q.position,
  choices: q.choices,
  tierIds: q.tierIds,
});

/**
 * Custom questions of an event. Owners and managers (and admins) write them; whoever may see the event reads
 * them, so a shop can show the form before the hold. The public does not learn hidden tiers from them: their ids
 * are left out, and a question asked only for hidden tiers is not shown.
 */
@Injectable()
export class QuestionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly eventAccess: EventAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthUser, eventId: string, dto: CreateQuestionDto, meta: RequestMeta) {
    await this.access.requireEventRole(user, eventId, MemberRole.Manager);
    return this.dataSource.transaction(async (manager) => {
      const question = manager.create(EventQuestion, {
        eventId,
        type: dto.type,
        helpText: null,
        required: false,
        position: 0,
        choices: [],
        tierIds: [],
        ...fieldsOf(dto),
      });
      await this.assertValid(manager, question);
      await manager.save(question);
      await this.record(manager, user, 'question.created', question, meta, null);
      return QuestionDto.from(question);
    });
  }

  async list(viewer: AuthUser | undefined, eventId: string): Promise<QuestionDto[]> {
    const { isMember } = await this.eventAccess.visible(viewer, eventId);
    const questions = await findEventQuestions(this.dataSource.manager, eventId);
    if (isMember) return questions.map((q) => QuestionDto.from(q));
    const hidden = await this.hiddenTierIds(eventId);
    return questions.flatMap((q) => {
      const shown = q.tierIds.filter((id) => !hidden.has(id));
      return q.tierIds.length > 0 && shown.length === 0 ? [] : [QuestionDto.from(q, shown)];
    });
  }

  async update(user: AuthUser, questionId: string, dto: UpdateQuestionDto, meta: RequestMeta) {
    await this.writable(user, questionId);
    return this.dataSource.transaction(async (manager) => {
      const question = await this.locked(manager, questionId);
      const before = shape(question);
      Object.assign(question, fieldsOf(dto));
      await this.assertValid(manager, question);
      await manager.save(question);
      await this.record(manager, user, 'question.updated', question, meta, before);
      return QuestionDto.from(question);
    });
  }

  /** Soft delete: answers already given stay on the tickets, but the question is no longer asked or shown. */
  async remove(user: AuthUser, questionId: string, meta: RequestMeta): Promise<void> {
    await this.writable(user, questionId);
    await this.dataSource.transaction(async (manager) => {
      const question = await this.locked(manager, questionId);
      await manager.update(EventQuestion, { id: questionId }, { deletedAt: this.clock.now() });
      await this.record(manager, user, 'question.deleted', question, meta, shape(question));
    });
  }

  private async writable(user: AuthUser, questionId: string): Promise<void> {
    const question = await this.dataSource.manager.findOne(EventQuestion, { where: { id: questionId } });
    if (!question) throw DomainError.notFound('Question', questionId);
    await this.access.requireEventRole(user, question.eventId, MemberRole.Manager, {
      notFound: { entity: 'Question', id: questionId },
    });
  }

  private async locked(manager: EntityManager, questionId: string): Promise<EventQuestion> {
    const question = await manager.findOne(EventQuestion, {
      where: { id: questionId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!question) throw DomainError.notFound('Question', questionId);
    return question;
  }

  private async assertValid(manager: EntityManager, q: EventQuestion): Promise<void> {
    const errors: FieldError[] = questionFieldErrors(q);
    const foreign = await foreignTierIds(manager, q.eventId, q.tierIds);
    if (foreign.length > 0) {
      errors.push({ field: 'tierIds', errors: [`not tiers of this event: ${foreign.join(', ')}`] });
    }
    assertNoFieldErrors(errors);
  }

  private async hiddenTierIds(eventId: string): Promise<Set<string>> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM ticket_tiers WHERE event_id = $1 AND hidden AND deleted_at IS NULL`,
      [eventId],
    )) as Array<{ id: string }>;
    return new Set(rows.map((r) => r.id));
  }

  private async record(
    manager: EntityManager,
    user: AuthUser,
    action: string,
    q: EventQuestion,
    meta: RequestMeta,
    before: ReturnType<typeof shape> | null,
  ): Promise<void> {
    await this.audit.record(manager, {
      actorId: user.id,
      action,
      entityType: 'question',
      entityId: q.id,
      meta,
      before,
      after: action === 'question.deleted' ? null : { eventId: q.eventId, ...shape(q) },
    });
  }
}
