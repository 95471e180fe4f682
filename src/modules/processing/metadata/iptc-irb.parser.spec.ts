import { decodeRawProfileHex, parseIptcFromIrb } from './iptc-irb.parser';

describe('IPTC raw profile', () => {
  it('decodes the Firefly/Gemini PNG "Raw profile type iptc" chunk', () => {
    // Verbatim zTXt content from test/fixtures/c2pa/c2pajs_firefly_thirdparty_gemini.png
    const text = '\nIPTC profile\n      64\n3842494d04040000000000181c026e00134d616465207769746820476f6f676c652041493842494d0425000000000010c8b38965b44537a918a7e75998c8e3f6\n';
    const irb = decodeRawProfileHex(text)!;
    expect(parseIptcFromIrb(irb)).toEqual({ Credit: 'Made with Google AI' });
  });
  it('ignores garbage', () => {
    expect(decodeRawProfileHex('nope')).toBeUndefined();
    expect(parseIptcFromIrb(Buffer.from('garbage'))).toEqual({});
  });
});
