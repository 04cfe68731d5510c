import {
  assertAllowedHost,
  BlockedAddressError,
  isPublicAddress,
  PUBLIC_ADDRESSES_ONLY,
  type AddressGuard,
} from '../../../src/common/net/public-address.js';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '0.0.0.0',
    '0.1.2.3',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.10',
    '169.254.169.254', // cloud metadata
    '169.254.0.1',
    '100.64.0.1', // CGNAT
    '100.127.255.255',
    '192.0.0.170',
    '192.0.2.1',
    '198.18.0.1',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.1',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.1.2.3',
    '::ffff:169.254.169.254',
    '::127.0.0.1',
    '64:ff9b::7f00:1', // NAT64 of 127.0.0.1
    '64:ff9b::10.0.0.1',
    '64:ff9b:1::1',
    'fc00::1',
    'fd12:3456:789a::1', // unique local
    'fe80::1',
    'fe80::1%eth0',
    'fec0::1',
    'ff02::1',
    '2001:db8::1',
    '2001::1', // Teredo
    '2002:7f00:1::1', // 6to4
    '100::1',
    'localhost',
    'example.com',
    '',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.215.14',
    '100.63.255.255', // just below CGNAT
    '100.128.0.0', // just above
    '172.15.255.255',
    '172.32.0.0',
    '169.253.255.255',
    '192.169.0.1',
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2a03:2880:f12f:83:face:b00c:0:25de',
    '[2606:4700:4700::1111]',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808', // NAT64 of 8.8.8.8 (IPv6-only clusters reach IPv4 sites this way)
  ])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('assertAllowedHost', () => {
  const resolvingTo = (...addresses: string[]): AddressGuard => ({
    allows: isPublicAddress,
    resolve: ((_host: string, _options: object, callback: (...args: unknown[]) => void) =>
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      )) as unknown as AddressGuard['resolve'],
  });
  const blocked = async (host: string, guard: AddressGuard) => {
    try {
      await assertAllowedHost(host, guard);
      return 'allowed';
    } catch (error) {
      return error instanceof BlockedAddressError ? error.message : `unexpected ${String(error)}`;
    }
  };

  it('refuses private literals and names that resolve to any private address', async () => {
    expect(await blocked('127.0.0.1', PUBLIC_ADDRESSES_ONLY)).toBe(
      '127.0.0.1 is a private or local network address',
    );
    expect(await blocked('[::1]', PUBLIC_ADDRESSES_ONLY)).toBe('::1 is a private or local network address');
    expect(await blocked('localhost', PUBLIC_ADDRESSES_ONLY)).toBe(
      'localhost resolves to a private or local network address',
    );
    expect(await blocked('feeds.example', resolvingTo('93.184.215.14', '10.0.0.5'))).toBe(
      'feeds.example resolves to a private or local network address',
    );
  });

  it('lets public literals and names through, and a name that does not resolve', async () => {
    expect(await blocked('93.184.215.14', PUBLIC_ADDRESSES_ONLY)).toBe('allowed');
    expect(await blocked('feeds.example', resolvingTo('93.184.215.14', '2606:4700:4700::1111'))).toBe(
      'allowed',
    );
    const failing: AddressGuard = {
      allows: isPublicAddress,
      resolve: ((_host: string, _options: object, callback: (...args: unknown[]) => void) =>
        callback(
          Object.assign(new Error('nope'), { code: 'ENOTFOUND' }),
        )) as unknown as AddressGuard['resolve'],
    };
    expect(await blocked('no-such-host.invalid', failing)).toBe('allowed');
  });
});
