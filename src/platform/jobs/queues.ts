/** Every BullMQ queue. One queue per kind of work, so each can be watched and scaled on its own. */
export enum QueueName {
  Notifications = 'notifications',
  Refunds = 'refunds',
  Waitlist = 'waitlist',
  Reminders = 'reminders',
  Webhooks = 'webhooks',
  Privacy = 'privacy',
  Images = 'images',
  Documents = 'documents',
}

/** Every job name. Each must have exactly one handler; the worker checks that at startup. */
export enum JobName {
  SendNotification = 'send-notification',
  RefundCancelledEventOrder = 'refund-cancelled-event-order',
  OfferWaitlistUnits = 'offer-waitlist-units',
  LapseWaitlistOffer = 'lapse-waitlist-offer',
  SendEventReminders = 'send-event-reminders',
  DeliverWebhook = 'deliver-webhook',
  BuildDataExport = 'build-data-export',
  MakeImageVariants = 'make-image-variants',
  PurgeEventImages = 'purge-event-images',
  RenderInvoicePdf = 'render-invoice-pdf',
}

/** The queue each job is added to. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.SendNotification]: QueueName.Notifications,
  [JobName.RefundCancelledEventOrder]: QueueName.Refunds,
  [JobName.OfferWaitlistUnits]: QueueName.Waitlist,
  [JobName.LapseWaitlistOffer]: QueueName.Waitlist,
  [JobName.SendEventReminders]: QueueName.Reminders,
  [JobName.DeliverWebhook]: QueueName.Webhooks,
  [JobName.BuildDataExport]: QueueName.Privacy,
  [JobName.MakeImageVariants]: QueueName.Images,
  [JobName.PurgeEventImages]: QueueName.Images,
  [JobName.RenderInvoicePdf]: QueueName.Documents,
};

/** How many jobs of each queue one worker process runs at once. */
export const QUEUE_CONCURRENCY: Record<QueueName, number> = {
  [QueueName.Notifications]: 5,
  [QueueName.Refunds]: 5,
  [QueueName.Waitlist]: 5,
  [QueueName.Reminders]: 2,
  // Mostly waiting on receivers (up to 10 s each), not on CPU.
  [QueueName.Webhooks]: 10,
  // Archives are built one at a time: each reads everything about one user.
  [QueueName.Privacy]: 1,
  // Resizing is CPU work on a shared machine.
  [QueueName.Images]: 1,
  // CPU work (drawing PDFs): one at a time per worker.
  [QueueName.Documents]: 1,
};

/** The typed payload of every job. */
export interface JobPayloads {
  [JobName.SendNotification]: { notificationId: string };
  [JobName.RefundCancelledEventOrder]: { orderId: string };
  [JobName.OfferWaitlistUnits]: { tierId: string };
  [JobName.LapseWaitlistOffer]: { entryId: string };
  /** `startsAt` (ISO) is the start the reminder was scheduled for: a moved event makes the job a no-op. */
  [JobName.SendEventReminders]: { eventId: string; startsAt: string };
  [JobName.DeliverWebhook]: { deliveryId: string };
  [JobName.BuildDataExport]: { exportId: string };
  [JobName.MakeImageVariants]: { imageId: string };
  /** Deletes the objects, then the rows, of the event's images marked `deleting`. */
  [JobName.PurgeEventImages]: { eventId: string };
  [JobName.RenderInvoicePdf]: { invoiceId: string };
}

/** Retries with exponential backoff unless a job says otherwise. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential' as const, delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
