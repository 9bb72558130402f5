import { assertRequiredHandlers } from './domain-events.service';

describe('assertRequiredHandlers', () => {
  const required = { UnitsFreed: { 'in-transaction': 1 } } as const;

  it('accepts an event with its required handler', () => {
    expect(() => assertRequiredHandlers(() => 1, required as never)).not.toThrow();
  });

  it('names the event and phase that lack a handler', () => {
    expect(() => assertRequiredHandlers(() => 0, required as never)).toThrow(
      'UnitsFreed needs 1 in-transaction handler(s), has 0',
    );
  });
});
