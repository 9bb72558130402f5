import { classifyAddress, ForbiddenAddressError, SsrfGuard } from './ssrf-guard';

describe('SSRF guard', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:101::1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['0.0.0.0', 'reserved'],
    ['::', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['not-an-ip', 'reserved'],
    ['93.184.216.34', 'public'],
    ['172.32.0.1', 'public'],
    ['2606:2800:220:1::1', 'public'],
  ])('classifies %s as %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it('refuses loopback, private, link-local and metadata hosts by default', async () => {
    const guard = new SsrfGuard(false);
    for (const host of ['127.0.0.1', 'localhost', '[::1]', '10.0.0.5', '169.254.169.254', '[fe80::1]']) {
      await expect(guard.resolve(host)).rejects.toBeInstanceOf(ForbiddenAddressError);
    }
    await expect(guard.resolve('93.184.216.34')).resolves.toEqual({ address: '93.184.216.34', family: 4 });
  });

  it('admits loopback and private hosts when allowed, never link-local or metadata ones', async () => {
    const guard = new SsrfGuard(true);
    await expect(guard.resolve('localhost')).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(guard.resolve('10.0.0.5')).resolves.toEqual({ address: '10.0.0.5', family: 4 });
    await expect(guard.resolve('169.254.169.254')).rejects.toMatchObject({ kind: 'metadata' });
    await expect(guard.resolve('169.254.10.10')).rejects.toMatchObject({ kind: 'link-local' });
    await expect(guard.resolve('0.0.0.0')).rejects.toMatchObject({ kind: 'reserved' });
  });
});
