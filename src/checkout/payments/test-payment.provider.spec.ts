import { randomUUID } from 'node:crypto';
import { TestPaymentProvider } from './test-payment.provider';

describe('TestPaymentProvider', () => {
  const provider = new TestPaymentProvider();

  it('is labelled test and reports every payment it created as succeeded, with its amount and order', async () => {
    const orderId = randomUUID();
    const created = await provider.createPayment({ orderId, amount: 4500, currency: 'EUR' });
    expect(provider.name).toBe('test');
    expect(created.providerPaymentId).toMatch(/^pi_test_/);
    expect(await provider.retrievePayment(created.providerPaymentId)).toEqual({
      providerPaymentId: created.providerPaymentId,
      status: 'succeeded',
      amount: 4500,
      currency: 'EUR',
      orderId,
    });
  });

  it('knows nothing of other ids, and refunds idempotently per key', async () => {
    expect(await provider.retrievePayment('pi_live_123')).toBeNull();
    const a = await provider.refund('pi_test_1_EUR_x', 100, 'key-1');
    const b = await provider.refund('pi_test_1_EUR_x', 100, 'key-1');
    const c = await provider.refund('pi_test_1_EUR_x', 100, 'key-2');
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });
});
