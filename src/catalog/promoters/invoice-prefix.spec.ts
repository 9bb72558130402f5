import { INVOICE_PREFIX_PATTERN, invoicePrefixOf } from './invoice-prefix';

describe('invoicePrefixOf', () => {
  it('uses the chosen prefix', () => {
    expect(invoicePrefixOf({ invoicePrefix: 'ACME', slug: 'whatever' })).toBe('ACME');
  });

  it('derives one from the slug that the pattern accepts', () => {
    expect(invoicePrefixOf({ invoicePrefix: null, slug: 'moonlight-concerts' })).toBe('MOONLI');
    expect(invoicePrefixOf({ invoicePrefix: null, slug: 'a' })).toBe('AX');
    for (const slug of ['moonlight-concerts', 'a', 'x-1-2-3-4-5-6']) {
      expect(invoicePrefixOf({ invoicePrefix: null, slug })).toMatch(INVOICE_PREFIX_PATTERN);
    }
  });
});
