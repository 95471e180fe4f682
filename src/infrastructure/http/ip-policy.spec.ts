import { parseCidr, CidrList, cidrContains } from './cidr-matcher';
import { formatV4, parseIp } from './ip-address';
import { BlockCategory, classifyAddress } from './ip-policy';

describe('parseIp', () => {
  it.each([
    ['127.0.0.1', 4, 0x7f000001n],
    ['[::1]', 6, 1n],
    ['::ffff:127.0.0.1', 6, 0xffff7f000001n],
    ['::ffff:7f00:1', 6, 0xffff7f000001n],
    ['0:0:0:0:0:ffff:7f00:1', 6, 0xffff7f000001n],
    ['fe80::1%eth0', 6, 0xfe800000000000000000000000000001n],
    ['2001:db8::', 6, 0x20010db8000000000000000000000000n],
    ['1:2:3:4:5:6:7:8', 6, 0x00010002000300040005000600070008n],
  ])('%s', (input, family, value) => {
    expect(parseIp(input)).toEqual({ family, value });
  });

  // Odd notations must never be silently reinterpreted by the policy's own parser.
  it.each(['0177.0.0.1', '2130706433', '0x7f.1', '127.1', '01.2.3.4', 'localhost', '', '1.2.3.4.5', '::g'])(
    'rejects %s',
    (input) => expect(parseIp(input)).toBeNull(),
  );

  it('formats v4', () => expect(formatV4(0xa9fea9fen)).toBe('169.254.169.254'));
});

describe('CIDR matcher', () => {
  it.each([
    ['10.0.0.0/8', '10.255.255.255', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['172.16.0.0/12', '172.31.255.255', true],
    ['172.16.0.0/12', '172.32.0.0', false],
    ['127.0.0.2/32', '127.0.0.2', true],
    ['127.0.0.2/32', '127.0.0.3', false],
    ['127.0.0.2', '127.0.0.2', true],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['0.0.0.0/0', '::1', false],
    ['fc00::/7', 'fdff::1', true],
    ['fc00::/7', 'fe00::1', false],
    ['::/0', '2606:4700::1', true],
    ['2001:db8::/32', '2001:db9::', false],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    const parsed = parseIp(ip);
    expect(parsed).not.toBeNull();
    expect(cidrContains(parseCidr(cidr), parsed!)).toBe(expected);
  });

  it.each(['10.0.0.0/33', '::/129', 'nope/8', '10.0.0.0/8/1', '10.0.0.0/x', '10.0.0.0/'])('rejects %s', (cidr) => {
    expect(() => parseCidr(cidr)).toThrow('invalid CIDR');
  });

  it('CidrList never contains garbage', () => {
    const list = new CidrList(['0.0.0.0/0', '::/0']);
    expect(list.contains('0177.0.0.1')).toBe(false);
    expect(list.contains('1.2.3.4')).toBe(true);
  });
});

describe('classifyAddress', () => {
  const blocked: [string, BlockCategory][] = [
    // IPv4
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'cloud metadata'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['100.100.100.200', 'cloud metadata'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['198.18.0.1', 'reserved'],
    ['203.0.113.9', 'documentation'],
    // IPv6
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['100::1', 'reserved'],
    ['4000::1', 'reserved'],
    // IPv4 embedded in IPv6
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['::127.0.0.1', 'loopback'],
    ['::7f00:1', 'loopback'],
    ['::8.8.8.8', 'reserved'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'cloud metadata'],
    ['64:ff9b:1::1', 'reserved'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:0101::1', 'private'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback'], // Teredo client ~0x80fffffe = 127.0.0.1
    ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', 'reserved'], // Teredo, public endpoints: still blocked
  ];

  it.each(blocked)('blocks %s as %s', (ip, category) => {
    expect(classifyAddress(ip)?.category).toBe(category);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '169.255.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
  ])('allows %s', (ip) => {
    expect(classifyAddress(ip)).toBeNull();
  });

  it.each(['0177.0.0.1', '2130706433', '0x7f.1', 'localhost'])('treats non-canonical %s as invalid', (ip) => {
    expect(classifyAddress(ip)?.category).toBe('invalid');
  });

  it('names the embedded address in the reason', () => {
    expect(classifyAddress('::ffff:7f00:1')?.reason).toBe('loopback (IPv4-mapped 127.0.0.1)');
    expect(classifyAddress('2002:a00:1::')?.reason).toBe('private (6to4 10.0.0.1)');
  });
});
