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
};
