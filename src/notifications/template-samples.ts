import { NotificationTemplate, TemplateData } from './notification-template';

/** Example data for every template: the renderer's tests render each one, and previews can use them. */
export const TEMPLATE_SAMPLES: { [K in NotificationTemplate]: TemplateData[K] } = {
  'password-reset': {
    name: 'Ada Lovelace',
    resetUrl: 'http://localhost:3000/reset-password?token=sample-token',
    expiresAt: '2030-06-01T18:30:00.000Z',
  },
  'promoter-approved': {
    name: 'Ada Lovelace',
    promoterName: 'Analytical Nights',
    dashboardUrl: 'http://localhost:3000/promoters/4f8a7d1e-0000-4000-8000-000000000001',
  },
  'promoter-rejected': {
    name: 'Ada Lovelace',
    promoterName: 'Analytical Nights',
    reason: 'We could not verify the company details.',
  },
  'promoter-suspended': {
    name: 'Ada Lovelace',
    promoterName: 'Analytical Nights',
    reason: 'Several buyers reported events that did not take place.',
  },
  'promoter-reinstated': {
    name: 'Ada Lovelace',
    promoterName: 'Analytical Nights',
    dashboardUrl: 'http://localhost:3000/promoters/4f8a7d1e-0000-4000-8000-000000000001',
  },
  'team-invite': {
    name: 'Charles Babbage',
    promoterName: 'Analytical Nights',
    role: 'manager',
    inviterName: 'Ada Lovelace',
    acceptUrl: 'http://localhost:3000/promoters/4f8a7d1e-0000-4000-8000-000000000001',
  },
  'order-confirmation': {
    name: 'Ada Lovelace',
    orderId: '0f5e2d1c-0000-4000-8000-000000000002',
    eventTitle: 'Difference Engine Live',
    startsAt: '2030-06-01T19:30:00.000Z',
    timezone: 'Europe/London',
    venueName: 'Royal Institution',
    total: 9225,
    currency: 'GBP',
    ticketsUrl: 'http://localhost:3000/tickets',
    tickets: [
      {
        id: '6a1b2c3d-0000-4000-8000-000000000003',
        tierName: 'Standing',
        attendeeName: 'Ada Lovelace',
        qrContentId: 'ticket-6a1b2c3d-0000-4000-8000-000000000003',
      },
    ],
  },
  'hold-expired': {
    name: 'Ada Lovelace',
    eventTitle: 'Difference Engine Live',
    orderId: '0f5e2d1c-0000-4000-8000-000000000002',
    eventUrl: 'http://localhost:3000/events/7c0e3a52-0000-4000-8000-000000000004',
  },
  'refund-issued': {
    name: 'Ada Lovelace',
    eventTitle: 'Difference Engine Live',
    orderId: '0f5e2d1c-0000-4000-8000-000000000002',
    amount: 4500,
    currency: 'GBP',
    ticketCount: 1,
    reason: 'The organiser refunded one ticket at your request.',
  },
  'event-cancelled': {
    name: 'Ada Lovelace',
    eventTitle: 'Difference Engine Live',
    orderId: '0f5e2d1c-0000-4000-8000-000000000002',
    amount: 9225,
    currency: 'GBP',
    startsAt: '2030-06-01T19:30:00.000Z',
    timezone: 'Europe/London',
  },
  'event-reminder': {
    name: 'Ada Lovelace',
    eventTitle: 'Difference Engine Live',
    startsAt: '2030-06-01T19:30:00.000Z',
    timezone: 'Europe/London',
    venueName: 'Royal Institution',
    venueAddress: '21 Albemarle Street',
    venueCity: 'London',
    ticketCount: 2,
    ticketsUrl: 'http://localhost:3000/tickets',
    eventUrl: 'http://localhost:3000/events/7c0e3a52-0000-4000-8000-000000000004',
  },
};
