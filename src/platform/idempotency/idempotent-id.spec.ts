import { isUUID } from 'class-validator';
import { idempotentId } from './idempotent-id';

describe('idempotentId', () => {
  it('is a version 5 UUID, the same for the same kind, user and key', () => {
    const id = idempotentId('order', 'user-1', 'key-1');
    expect(isUUID(id, 5)).toBe(true);
    expect(idempotentId('order', 'user-1', 'key-1')).toBe(id);
  });

  it('differs for another user, key or kind', () => {
    const id = idempotentId('order', 'user-1', 'key-1');
    expect(idempotentId('order', 'user-2', 'key-1')).not.toBe(id);
    expect(idempotentId('order', 'user-1', 'key-2')).not.toBe(id);
    expect(idempotentId('refund', 'user-1', 'key-1')).not.toBe(id);
    // Parts cannot run into each other.
    expect(idempotentId('order', 'a', 'b\nc')).not.toBe(idempotentId('order', 'a\nb', 'c'));
  });
});
