import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../access/access.service';
import { MemberRole } from '../../access/member-role';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { inTransaction } from '../../platform/database/transaction';
import { DomainError } from '../../platform/errors/domain-error';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import { WebhookDeliveryQueryDto } from './dto/webhook-delivery.dto';
import { ForbiddenAddressError, SsrfGuard } from './ssrf-guard';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookDisabledReason, WebhookEndpoint, WebhookEndpointStatus } from './webhook-endpoint.entity';
import { WEBHOOK_TEST_TYPE } from './webhook-event-types';
import { WebhookOutbox } from './webhook-outbox.service';
import { newWebhookSecret } from './webhook-signer';

/** More endpoints than this per promoter is a mistake, not an integration. */
export const MAX_ENDPOINTS_PER_PROMOTER = 20;
/** How long a rotated-out secret keeps signing. */
const PREVIOUS_SECRET_TTL_MS = 24 * 3600 * 1000;

/**
 * A promoter's webhook endpoints: owners and managers (and admins) manage them; staff get 403, strangers 404.
 * Every change is audited; the signing secret is only ever returned by create and rotate.
 */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly guard: SsrfGuard,
    private readonly outbox: WebhookOutbox,
    private readonly deliveries: WebhookDeliveryService,
  ) {}

  async create(
    user: AuthUser,
    promoterId: string,
    dto: CreateWebhookDto,
    meta: RequestMeta,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    await this.access.requireMember(user, promoterId, MemberRole.Manager);
    await this.assertReachable(dto.url);
    const secret = newWebhookSecret();
    return inTransaction(this.dataSource, undefined, async (m) => {
      // One promoter's creations take turns, so the limit holds under concurrent requests.
      await m.query(`SELECT 1 FROM promoters WHERE id = $1 FOR UPDATE`, [promoterId]);
      const count = await m.count(WebhookEndpoint, { where: { promoterId } });
      if (count >= MAX_ENDPOINTS_PER_PROMOTER) {
        throw new DomainError(
          'WEBHOOK_ENDPOINT_LIMIT',
          `A promoter may have ${MAX_ENDPOINTS_PER_PROMOTER} endpoints`,
          {
            limit: MAX_ENDPOINTS_PER_PROMOTER,
          },
        );
      }
      const endpoint = await m.save(
        m.create(WebhookEndpoint, {
          promoterId,
          url: dto.url,
          description: dto.description ?? null,
          events: dto.events,
          secret,
          createdBy: user.id,
        }),
      );
      await this.record(m, user, 'webhook.created', endpoint, meta, null, {
        url: endpoint.url,
        events: endpoint.events,
      });
      return { endpoint, secret };
    });
  }

  async list(user: AuthUser, promoterId: string, page: { limit: number; offset: number }) {
    await this.access.requireMember(user, promoterId, MemberRole.Manager);
    return this.dataSource.manager.findAndCount(WebhookEndpoint, {
      where: { promoterId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  async get(user: AuthUser, promoterId: string, id: string): Promise<WebhookEndpoint> {
    await this.access.requireMember(user, promoterId, MemberRole.Manager);
    return this.find(this.dataSource.manager, promoterId, id);
  }

  async update(
    user: AuthUser,
    promoterId: string,
    id: string,
    dto: UpdateWebhookDto,
    meta: RequestMeta,
  ): Promise<WebhookEndpoint> {
    await this.access.requireMember(user, promoterId, MemberRole.Manager);
    if (dto.url) await this.assertReachable(dto.url);
    return inTransaction(this.dataSource, undefined, async (m) => {
      const endpoint = await this.find(m, promoterId, id, true);
      const before = { url: endpoint.url, events: endpoint.events, status: endpoint.status };
      const changes: Partial<WebhookEndpoint> = {};
      if (dto.url !== undefined) changes.url = dto.url;
      if (dto.events !== undefined) changes.events = dto.events;
      if (dto.description !== undefined) changes.description = dto.description;
      if (dto.enabled === true && endpoint.status === WebhookEndpointStatus.Disabled) {
        Object.assign(changes, {
          status: WebhookEndpointStatus.Enabled,
          disabledReason: null,
          disabledAt: null,
          failingSince: null,
        });
      }
      if (Object.keys(changes).length > 0) await m.update(WebhookEndpoint, { id }, changes);
      if (dto.enabled === false) await this.deliveries.disable(m, id, WebhookDisabledReason.Manual);
      const after = await this.find(m, promoterId, id);
      await this.record(m, user, 'webhook.updated', after, meta, before, {
        url: after.url,
        events: after.events,
        status: after.status,
      });
      return after;
    });
  }

  async remove(user: AuthUser, promoterId: string, id: string, meta: RequestMeta): Promise<void> {
    await this.access.requireMember(user, promoterId, MemberRole.Manager);
    await inTransaction(this.dataSource, undefined, async (m) => {
      const endpoint = await this.find(m, promoterId, id, true);
      await m.delete(WebhookEndpoint, { id });
      await this.record(m, user, 'webhook.deleted', endpoint, meta, { url: endpoint.url }, { deleted: true });
    });
  }

  /** A new secret; the old one keeps signing (as a second signature) for 24 hours, so receivers can switch. */
  async rotateSecret(
    user: AuthUser,
    promoterId: string,
    id: string,
    meta: RequestMeta,
  ): Promise<{ secret: string; previousSecretExpiresAt: Date }> {
    await this.access.requireMember(user, promoterId, MemberRole.Manager);
    const secret = newWebhookSecret();
    const previousSecretExpiresAt = new Date(this.clock.now().getTime() + PREVIOUS_SECRET_TTL_MS);
    await inTransaction(this.dataSource, undefined, async (m) => {
      const endpoint = await this.find(m, promoterId, id, true);
      await m.query(
        `UPDATE webhook_endpoints
            SET previous_secret = secret, secret = $2, previous_secret_expires_at = $3, updated_at = now()
          WHERE id = $1`,
        [id, secret, previousSecretExpiresAt],
      );
      await this.record(m, user, 'webhook.secret_rotated', endpoint, meta, null, { previousSecretExpiresAt });
    });
    return { secret, previousSecretExpiresAt };
  }

  /** Sends a `webhook.test` message to the endpoint through the ordinary delivery path. */
  async sendTest(user: AuthUser, promoterId: string, id: string): Promise<WebhookDelivery> {
    await this.access.requireMember(user, promoterId, MemberRole.Manager);
    return inTransaction(this.dataSource, undefined, async (m) => {
      const endpoint = await this.find(m, promoterId, id);
      this.assertEnabled(endpoint);
      const [deliveryId] = await this.outbox.write(m, [id], WEBHOOK_TEST_TYPE, {
        endpointId: id,
        promoterId,
      });
      return m.findOneByOrFail(WebhookDelivery, { id: deliveryId });
    });
  }

  async listDeliveries(
    user: AuthUser,
    promoterId: string,
    id: string,
    query: WebhookDeliveryQueryDto,
  ): Promise<[WebhookDelivery[], number]> {
    await this.get(user, promoterId, id);
    const qb = this.dataSource
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.endpoint_id = :id', { id })
      .orderBy('d.seq', 'DESC');
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    return qb.take(query.limit).skip(query.offset).getManyAndCount();
  }

  async getDelivery(user: AuthUser, promoterId: string, id: string, deliveryId: string) {
    await this.get(user, promoterId, id);
    const delivery = await this.dataSource.manager.findOneBy(WebhookDelivery, {
      id: deliveryId,
      endpointId: id,
    });
    if (!delivery) throw DomainError.notFound('Webhook delivery', deliveryId);
    return delivery;
  }

  /**
   * Sends a message again as a new delivery (same `webhook-id` and body, so receivers deduplicate it), queued
   * behind the endpoint's other deliveries, with a fresh 3-day retry window.
   */
  async redeliver(user: AuthUser, promoterId: string, id: string, deliveryId: string, meta: RequestMeta) {
    const original = await this.getDelivery(user, promoterId, id, deliveryId);
    return inTransaction(this.dataSource, undefined, async (m) => {
      const endpoint = await this.find(m, promoterId, id);
      this.assertEnabled(endpoint);
      const [copyId] = await this.outbox.write(
        m,
        [id],
        original.eventType,
        {},
        {
          id: original.messageId,
          payload: original.payload,
        },
      );
      await this.record(m, user, 'webhook.redelivered', endpoint, meta, null, { deliveryId, copyId });
      return m.findOneByOrFail(WebhookDelivery, { id: copyId });
    });
  }

  /** The endpoint of this promoter, locked for a change when `lock`; 404 otherwise. */
  private async find(
    m: EntityManager,
    promoterId: string,
    id: string,
    lock = false,
  ): Promise<WebhookEndpoint> {
    const endpoint = await m.findOne(WebhookEndpoint, {
      where: { id, promoterId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!endpoint) throw DomainError.notFound('Webhook endpoint', id);
    return endpoint;
  }

  private assertEnabled(endpoint: WebhookEndpoint): void {
    if (endpoint.status !== WebhookEndpointStatus.Enabled) {
      throw new DomainError('WEBHOOK_ENDPOINT_DISABLED', 'The endpoint is disabled; enable it first', {
        reason: endpoint.disabledReason,
      });
    }
  }

  /**
   * Refuses a URL whose host is, or resolves to, an address webhooks may not reach. A host that does not resolve
   * yet is accepted: its deliveries fail (and say why) until it does, and every attempt is checked again.
   */
  private async assertReachable(url: string): Promise<void> {
    try {
      await this.guard.resolve(new URL(url).hostname);
    } catch (err) {
      if (!(err instanceof ForbiddenAddressError)) return;
      throw new DomainError('WEBHOOK_URL_FORBIDDEN', err.message, {
        host: err.host,
        address: err.address,
        kind: err.kind,
      });
    }
  }

  private async record(
    m: EntityManager,
    user: AuthUser,
    action: string,
    endpoint: WebhookEndpoint,
    meta: RequestMeta,
    before: Record<string, unknown> | null,
    after: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(m, {
      actorId: user.id,
      action,
      entityType: 'webhook_endpoint',
      entityId: endpoint.id,
      meta,
      before,
      after: { ...after, promoterId: endpoint.promoterId },
    });
  }
}
