import { addressLimitKey, normalizeAddress } from '../../src/common/client-address';

describe('normalizeAddress', () => {
  it('gives an IPv4-mapped IPv6 address its plain IPv4 form', () => {
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('::FFFF:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeAddress('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(normalizeAddress('0:0:0:0:0:ffff:c0a8:0101')).toBe('192.168.1.1');
  });

  it('keeps IPv4 as it is', () => {
    expect(normalizeAddress('127.0.0.1')).toBe('127.0.0.1');
  });

  it('writes IPv6 in its canonical lower-case compressed form, without a zone id', () => {
    expect(normalizeAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normalizeAddress('2001:db8::0:1')).toBe('2001:db8::1');
    expect(normalizeAddress('::1')).toBe('::1');
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1');
  });

  it('names a missing address "unknown"', () => {
    expect(normalizeAddress(undefined)).toBe('unknown');
    expect(normalizeAddress(null)).toBe('unknown');
    expect(normalizeAddress('')).toBe('unknown');
  });
});

describe('addressLimitKey', () => {
  it('counts a mapped IPv4 client and the same client over IPv4 as one', () => {
    expect(addressLimitKey('::ffff:127.0.0.1')).toBe(addressLimitKey('127.0.0.1'));
    expect(addressLimitKey('127.0.0.1')).toBe('127.0.0.1');
    expect(addressLimitKey('127.0.0.2')).not.toBe(addressLimitKey('127.0.0.1'));
  });

  it('counts IPv6 addresses per /64', () => {
    const a = addressLimitKey('2001:db8:0:1:aaaa:bbbb:cccc:dddd');
    expect(a).toBe('2001:db8:0:1::/64');
    expect(addressLimitKey('2001:DB8:0:1::5')).toBe(a);
    expect(addressLimitKey('2001:db8:0:2::5')).not.toBe(a);
    expect(addressLimitKey('::1')).toBe('::/64');
    expect(addressLimitKey('fe80::1%eth0')).toBe('fe80::/64');
  });

  it('expands an IPv6 address with an embedded IPv4 tail before taking the prefix', () => {
    expect(addressLimitKey('64:ff9b::1.2.3.4')).toBe('64:ff9b::/64');
    expect(addressLimitKey('2001:db8:1:2:3:4:1.2.3.4')).toBe('2001:db8:1:2::/64');
  });
});
