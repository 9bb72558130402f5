import { getQueueToken } from '@nestjs/bullmq';
import { Queue, UnrecoverableError } from 'bullmq';
import { QueueName } from '../src/platform/jobs/queues';
import { inTransaction } from '../src/platform/database/transaction';
import { Notification, NotificationStatus } from '../src/platform/outbox/notification.entity';
import { NotificationDelivery } from '../src/delivery/notifications/notification-delivery.service';
import { OutboxService } from '../src/platform/outbox/outbox.service';
import { createTestApp, eventually, TestApp } from './app';
import { uniqueEmail } from './factories/users';
import { FakeSendgrid } from './support/fake-sendgrid';

/** Email delivery through a local stand-in for SendGrid's v3 API. */
describe('Email outbox (SendGrid transport)', () => {
  const sendgrid = new FakeSendgrid();
  let t: TestApp;
  let outbox: OutboxService;
  let delivery: NotificationDelivery;
  let queue: Queue;

  beforeAll(async () => {
    const url = await sendgrid.start();
    t = await createTestApp({ env: { SENDGRID_API_KEY: 'SG.test', SENDGRID_API_URL: url } });
    outbox = t.app.get(OutboxService);
    delivery = t.app.get(NotificationDelivery);
    queue = t.app.get<Queue>(getQueueToken(QueueName.Notifications));
  });

  afterAll(async () => {
    await t.close();
    await sendgrid.stop();
  });

  const rows = () => t.dataSource.getRepository(Notification);
  const sentRow = (id: string) =>
    eventually(() => rows().findOneBy({ id, status: NotificationStatus.Sent }), 20000);

  /** An outbox row written without queuing a job, so the test decides who delivers it and when. */
  async function queuedRow(to: string, attempts = 0): Promise<string> {
    const row = await rows().save(
      rows().create({
        recipient: to,
        template: 'promoter-approved',
        data: { name: 'Ada', promoterName: 'Nights', dashboardUrl: 'https://example.test/p' },
        attempts,
      }),
    );
    return row.id;
  }

  it('writes the outbox row in the business transaction and rolls it back with it', async () => {
    const to = uniqueEmail('rollback');
    let id: string | null = null;
    await expect(
      inTransaction(t.dataSource, undefined, async (m) => {
        id = await outbox.enqueue(m, {
          to,
          template: 'password-reset',
          data: { name: 'Ada', resetUrl: 'https://example.test/r', expiresAt: new Date() },
        });
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    expect(id).toEqual(expect.any(String));
    expect(await rows().countBy({ recipient: to })).toBe(0);
    // The job is only queued after a commit, so nothing is ever sent for the rolled-back row.
    expect(await queue.getJob(id!)).toBeUndefined();
  });

  it('delivers a committed row through SendGrid v3 with the rendered email', async () => {
    const to = uniqueEmail('reset');
    const id = await inTransaction(t.dataSource, undefined, (m) =>
      outbox.enqueue(m, {
        to,
        template: 'password-reset',
        data: {
          name: 'Ada <Lovelace>',
          resetUrl: 'https://example.test/reset?token=abc',
          expiresAt: '2030-06-01T18:30:00.000Z',
        },
      }),
    );
    const row = await sentRow(id!);
    const [request] = sendgrid.sentTo(to);
    expect(sendgrid.sentTo(to)).toHaveLength(1);
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v3/mail/send');
    expect(request.headers.authorization).toBe('Bearer SG.test');
    expect(request.body.personalizations[0].to).toEqual([{ email: to }]);
    expect(request.body.from).toEqual({ email: t.config.email.from });
    expect(request.body.subject).toBe('Reset your Ticket Vendor password');
    const [text, html] = request.body.content;
    expect(text.type).toBe('text/plain');
    expect(text.value).toContain('Hello Ada <Lovelace>,');
    expect(text.value).toContain('https://example.test/reset?token=abc');
    expect(html.type).toBe('text/html');
    expect(html.value).toContain('Hello Ada &lt;Lovelace&gt;,');
    expect(row.providerMessageId).toMatch(/^fake-msg-\d+$/);
    expect(row.attempts).toBe(1);
    expect(row.sentAt).toBeInstanceOf(Date);
    // Delivered for real, a reset link is not kept in the outbox.
    expect(row.subject).toBe('Reset your Ticket Vendor password');
    expect(row.bodyText).toBeNull();
    expect(row.data).toEqual({});
  });

  it('sends inline attachments with their content id', async () => {
    const to = uniqueEmail('attach');
    const png = Buffer.from('fake png bytes').toString('base64');
    const id = await inTransaction(t.dataSource, undefined, (m) =>
      outbox.enqueue(m, {
        to,
        template: 'team-invite',
        data: {
          promoterName: 'Nights',
          role: 'staff',
          inviterName: 'Ada',
          acceptUrl: 'https://example.test/a',
        },
        attachments: [
          { filename: 'qr.png', type: 'image/png', content: png, contentId: 'qr-1', disposition: 'inline' },
        ],
      }),
    );
    const row = await sentRow(id!);
    expect(sendgrid.sentTo(to)[0].body.attachments).toEqual([
      { filename: 'qr.png', type: 'image/png', content: png, content_id: 'qr-1', disposition: 'inline' },
    ]);
    // Not confidential: the rendered email stays readable.
    expect(row.bodyText).toContain('Ada added you to the Nights team');
  });

  it('renders a QR attachment stored as its text when the email is sent', async () => {
    const to = uniqueEmail('qr');
    const id = await inTransaction(t.dataSource, undefined, (m) =>
      outbox.enqueue(m, {
        to,
        template: 'team-invite',
        data: {
          promoterName: 'Nights',
          role: 'staff',
          inviterName: 'Ada',
          acceptUrl: 'https://example.test/a',
        },
        attachments: [
          {
            filename: 'ticket.png',
            type: 'image/png',
            qrText: 'TICKET-CODE',
            contentId: 't-1',
            disposition: 'inline',
          },
        ],
      }),
    );
    await sentRow(id!);
    const attachment = sendgrid.sentTo(to)[0].body.attachments![0];
    expect(attachment).toMatchObject({ filename: 'ticket.png', content_id: 't-1', disposition: 'inline' });
    // A PNG file starts with the bytes 89 50 4E 47.
    expect(Buffer.from(attachment.content, 'base64').subarray(0, 4).toString('hex')).toBe('89504e47');
  });

  it('sends once when delivery runs twice at the same time and again afterwards', async () => {
    const to = uniqueEmail('twice');
    const id = await queuedRow(to);
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => delivery.deliver({ notificationId: id })));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(3);
    expect(await delivery.deliver({ notificationId: id })).toBe('skipped');
    // The queued job for the same row runs too, and finds nothing to do.
    await outbox.schedule(id);
    const job = await eventually(async () => {
      const j = await queue.getJob(id);
      return (await j?.isCompleted()) ? j : undefined;
    });
    expect(job.returnvalue).toBe('skipped');
    expect(sendgrid.sentTo(to)).toHaveLength(1);
    const row = await rows().findOneByOrFail({ id });
    expect(row.status).toBe(NotificationStatus.Sent);
    expect(row.attempts).toBe(1);
  });

  it('retries after a 500 from SendGrid and then succeeds', async () => {
    const to = uniqueEmail('retry');
    sendgrid.failNext(1, 500);
    const id = await inTransaction(t.dataSource, undefined, (m) =>
      outbox.enqueue(m, {
        to,
        template: 'promoter-suspended',
        data: { name: 'Ada', promoterName: 'Nights' },
      }),
    );
    const row = await sentRow(id!);
    expect(sendgrid.sentTo(to)).toHaveLength(2);
    expect(row.attempts).toBe(2);
    expect(row.lastError).toBeNull();
  });

  it('fails the row at once when SendGrid refuses the message (4xx)', async () => {
    const to = uniqueEmail('refused');
    sendgrid.failNext(1, 400);
    const id = await inTransaction(t.dataSource, undefined, (m) =>
      outbox.enqueue(m, { to, template: 'promoter-rejected', data: { name: 'Ada', promoterName: 'Nights' } }),
    );
    const row = await eventually(() => rows().findOneBy({ id: id!, status: NotificationStatus.Failed }));
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain('SendGrid answered 400');
    const job = await eventually(async () => {
      const j = await queue.getJob(id!);
      return (await j?.isFailed()) ? j : undefined;
    });
    expect(job.attemptsMade).toBe(1);
    expect(sendgrid.sentTo(to)).toHaveLength(1);
  });

  it('marks the row failed when the last attempt fails', async () => {
    const to = uniqueEmail('last');
    const id = await queuedRow(to, 4);
    sendgrid.failNext(1, 503);
    await expect(delivery.deliver({ notificationId: id })).rejects.toBeInstanceOf(UnrecoverableError);
    const row = await rows().findOneByOrFail({ id });
    expect(row.status).toBe(NotificationStatus.Failed);
    expect(row.attempts).toBe(5);
    expect(row.lastError).toContain('SendGrid answered 503');
    expect(row.claimedUntil).toBeNull();
    expect(await delivery.deliver({ notificationId: id })).toBe('skipped');
  });
});
