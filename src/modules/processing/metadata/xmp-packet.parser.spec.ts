import { isAiDigitalSourceType, normaliseDigitalSourceType, parseXmpPacket } from './xmp-packet.parser';

describe('parseXmpPacket', () => {
  it('reads attribute-form DigitalSourceType (Firefly/Gemini PNG XMP) and credit', () => {
    const xmp = '<x:xmpmeta><rdf:RDF><rdf:Description rdf:about="" Iptc4xmpExt:DigitalSourceFileType="http://cv.iptc.org/newscodes/digitalsourcetype/x" Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia" photoshop:Credit="Made with Google AI"/></rdf:RDF></x:xmpmeta>';
    expect(parseXmpPacket(xmp)).toEqual({ digitalSourceType: 'trainedAlgorithmicMedia', credit: 'Made with Google AI' });
  });
  it('reads element forms: rdf:resource, Alt/li, plain text, with entities', () => {
    const xmp = `<rdf:Description>
      <Iptc4xmpExt:DigitalSourceType rdf:resource="http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"/>
      <dc:description><rdf:Alt><rdf:li xml:lang="x-default">a fox &amp; a hound</rdf:li></rdf:Alt></dc:description>
      <xmp:CreatorTool>Midjourney</xmp:CreatorTool>
      <dcterms:provenance>https://example.test/m.c2pa</dcterms:provenance></rdf:Description>`;
    expect(parseXmpPacket(xmp)).toEqual({ digitalSourceType: 'compositeWithTrainedAlgorithmicMedia', description: 'a fox & a hound', creatorTool: 'Midjourney', provenance: 'https://example.test/m.c2pa' });
  });
  it('normalises codes and classifies them', () => {
    expect(normaliseDigitalSourceType('https://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture')).toBe('digitalCapture');
    expect(isAiDigitalSourceType('trainedAlgorithmicMedia')).toBe(true);
    expect(isAiDigitalSourceType('digitalCapture')).toBe(false);
    expect(parseXmpPacket('')).toEqual({});
  });
});
