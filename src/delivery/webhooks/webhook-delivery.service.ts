import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../platform/audit/audit.service';
import { Clock } from '../../platform/clock/clock';
import { AppConfig } from '../../platform/config/app-config';
import { OnJob } from '../../platform/jobs/job.decorators';
import { JobName, JobPayloads } from '../../platform/jobs/queues';
import { OutboxService } from '../../platform/outbox/outbox.service';
import { WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WebhookDisabledReason } from './webhook-endpoint.entity';
import { WebhookHttpClient, WebhookResponse, WebhookSendError } from './webhook-http-client';
import { WebhookOutbox } from './webhook-outbox.service';
import { DISABLE_AFTER_FAILING_MS, nextAttemptAt } from './webhook-retry-schedule';
import { signWebhook } from './webhook-signer';

/** How long one attempt holds its delivery: past the 10-second request budget, so two runs never overlap. */
const CLAIM_MS = 60_000;

export type AttemptOutcome = 'succeeded' | 'retrying' | 'failed' | 'skipped';

interface ClaimedRow {
  id: string;
  endpoint_id: string;
  message_id: string;
  payload: string;
  attempts: number;
  created_at: Date;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
}

/** What one attempt got: an HTTP answer, or an error before any. */
type Result = { response: WebhookResponse } | { error: string };

/**
 * Sends webhook deliveries, one attempt per job. An endpoint gets its deliveries in order: a delivery is only
 * sent when no earlier one of its endpoint is being sent or due, and each attempt, once recorded, queues the
 * endpoint's next due delivery. A failed delivery waits out its backoff without holding the later ones back (it
 * arrives late; receivers order by the payload's `timestamp`). Safe to run twice, or at once: the claim is one
 * conditional update.
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger(WebhookDeliveryService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly client: WebhookHttpClient,
    private readonly outbox: WebhookOutbox,
    private readonly emails: OutboxService,
    private readonly audit: AuditService,
  ) {}

  @OnJob(JobName.DeliverWebhook)
  async deliver({ deliveryId }: JobPayloads[JobName.DeliverWebhook]): Promise<AttemptOutcome> {
    const row = await this.claim(deliveryId, this.clock.now());
    if (!row) return 'skipped';
    const sentAt = this.clock.now();
    const secrets = [row.secret];
    if (row.previous_secret && row.previous_secret_expires_at && row.previous_secret_expires_at > sentAt)
      secrets.push(row.previous_secret);
    let result: Result;
    try {
      const headers = signWebhook(secrets, row.message_id, sentAt, row.payload);
      result = { response: await this.client.post(row.url, row.payload, { ...headers }) };
    } catch (err) {
      if (!(err instanceof WebhookSendError)) throw err;
      result = { error: err.message };
    }
    const outcome = await this.record(row, result);
    await this.queueNext(row.endpoint_id);
    return outcome;
  }

  /**
   * Takes the delivery for one attempt, provided it is pending and due, its endpoint is enabled, nobody holds
   * it, and no earlier delivery of its endpoint is being sent or due (those go first).
   */
  private async claim(id: string, now: Date): Promise<ClaimedRow | undefined> {
    const [rows] = (await this.dataSource.query(
      `UPDATE webhook_deliveries d
          SET attempts = d.attempts + 1, claimed_until = $3, last_attempt_at = $2, updated_at = now()
         FROM webhook_endpoints e
        WHERE d.id = $1 AND e.id = d.endpoint_id AND e.status = 'enabled'
          AND d.status = 'pending' AND d.next_attempt_at <= $2
          AND (d.claimed_until IS NULL OR d.claimed_until < $2)
          AND NOT EXISTS (
                SELECT 1 FROM webhook_deliveries p
                 WHERE p.endpoint_id = d.endpoint_id AND p.seq < d.seq AND p.status = 'pending'
                   AND (p.claimed_until >= $2 OR p.next_attempt_at <= $2))
        RETURNING d.id, d.endpoint_id, d.message_id, d.payload, d.attempts, d.created_at, e.url, e.secret,
                  e.previous_secret, e.previous_secret_expires_at`,
      [id, now, new Date(now.getTime() + CLAIM_MS)],
    )) as [ClaimedRow[], number];
    return rows[0];
  }

  /** Records the attempt on the delivery and its endpoint; a failure schedules the retry or gives up. */
  private async record(row: ClaimedRow, result: Result): Promise<AttemptOutcome> {
    const now = this.clock.now();
    const response = 'response' in result ? result.response : null;
    const ok = response !== null && response.status >= 200 && response.status < 300;
    const error = ok ? null : 'error' in result ? result.error : `HTTP ${response!.status}`;
    const retryAt = ok ? null : nextAttemptAt(row.created_at, now, row.attempts, response?.retryAfterSeconds);
    const status = ok
      ? WebhookDeliveryStatus.Succeeded
      : retryAt
        ? WebhookDeliveryStatus.Pending
        : WebhookDeliveryStatus.Failed;
    const disabled = await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE webhook_deliveries
            SET status = $2, claimed_until = NULL, response_status = $3, response_body = $4, last_error = $5,
                next_attempt_at = coalesce($6, next_attempt_at), delivered_at = $7, updated_at = now()
          WHERE id = $1`,
        [row.id, status, response?.status ?? null, response?.body ?? null, error, retryAt, ok ? now : null],
      );
      if (ok) {
        await m.query(`UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1`, [row.endpoint_id]);
        return false;
      }
      const [[endpoint]] = (await m.query(
        `UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, $2), updated_at = now()
          WHERE id = $1 RETURNING failing_since`,
        [row.endpoint_id, now],
      )) as [Array<{ failing_since: Date }>, number];
      const gone = response?.status === 410;
      if (!gone && now.getTime() - endpoint.failing_since.getTime() < DISABLE_AFTER_FAILING_MS) return false;
      await this.disable(
        m,
        row.endpoint_id,
        gone ? WebhookDisabledReason.Gone : WebhookDisabledReason.Failing,
      );
      return true;
    });
    const log = { deliveryId: row.id, attempt: row.attempts, status: response?.status, error };
    if (ok) this.logger.log(log, 'webhook delivered');
    else this.logger.warn({ ...log, retryAt }, 'webhook attempt failed');
    if (disabled) return 'failed';
    if (retryAt) {
      const delayMs = Math.max(0, retryAt.getTime() - now.getTime());
      await this.outbox.schedule([{ deliveryId: row.id, jobId: `whd-${row.id}-${row.attempts}`, delayMs }]);
    }
    return ok ? 'succeeded' : retryAt ? 'retrying' : 'failed';
  }

  /**
   * Stops an endpoint: it is disabled, its pending deliveries fail (the team can redeliver them once it is
   * fixed), the change is audited, and its promoter's owners are emailed. In the caller's transaction.
   */
  async disable(m: EntityManager, endpointId: string, reason: WebhookDisabledReason): Promise<void> {
    const now = this.clock.now();
    const [rows] = (await m.query(
      `UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = $2, disabled_at = $3, updated_at = now()
        WHERE id = $1 AND status = 'enabled'
        RETURNING promoter_id, url, failing_since`,
      [endpointId, reason, now],
    )) as [Array<{ promoter_id: string; url: string; failing_since: Date | null }>, number];
    const endpoint = rows[0];
    if (!endpoint) return;
    await m.query(
      `UPDATE webhook_deliveries
          SET status = 'failed', claimed_until = NULL, last_error = coalesce(last_error || '; ', '') || $2,
              updated_at = now()
        WHERE endpoint_id = $1 AND status = 'pending'`,
      [endpointId, 'endpoint disabled'],
    );
    await this.audit.record(m, {
      actorId: null,
      action: 'webhook.disabled',
      entityType: 'webhook_endpoint',
      entityId: endpointId,
      before: { status: 'enabled' },
      after: { status: 'disabled', reason, promoterId: endpoint.promoter_id },
    });
    if (reason === WebhookDisabledReason.Manual) return;
    const owners = (await m.query(
      `SELECT u.email, u.name, p.name AS promoter_name FROM promoter_members pm
         JOIN users u ON u.id = pm.user_id JOIN promoters p ON p.id = pm.promoter_id
        WHERE pm.promoter_id = $1 AND pm.role = 'owner' ORDER BY u.email`,
      [endpoint.promoter_id],
    )) as Array<{ email: string; name: string; promoter_name: string }>;
    for (const owner of owners) {
      await this.emails.enqueue(m, {
        to: owner.email,
        template: 'webhook-disabled',
        data: {
          name: owner.name,
          promoterName: owner.promoter_name,
          url: endpoint.url,
          reason,
          failingSince: endpoint.failing_since ?? now,
          webhooksUrl: `${this.config.publicUrl}/promoters/${endpoint.promoter_id}/webhooks`,
        },
        dedupeKey: `webhook-disabled:${endpointId}:${now.toISOString()}:${owner.email}`,
      });
    }
    this.logger.warn({ endpointId, reason }, 'webhook endpoint disabled');
  }

  /** Queues the endpoint's next due delivery, the one the attempt just made may have held back. */
  private async queueNext(endpointId: string): Promise<void> {
    const now = this.clock.now();
    const [next] = (await this.dataSource.query(
      `SELECT id, attempts FROM webhook_deliveries
        WHERE endpoint_id = $1 AND status = 'pending' AND next_attempt_at <= $2
          AND (claimed_until IS NULL OR claimed_until < $2)
        ORDER BY seq LIMIT 1`,
      [endpointId, now],
    )) as Array<{ id: string; attempts: number }>;
    if (next) {
      await this.outbox.schedule([
        { deliveryId: next.id, jobId: `whd-${next.id}-${next.attempts}-next-${now.getTime()}` },
      ]);
    }
  }
}
