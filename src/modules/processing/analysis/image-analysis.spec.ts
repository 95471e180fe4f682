import { decodeFixture } from './fixture-images.test-helper';
import { analyzeImage } from './image-analysis';
import { computePalette } from './palette';
import { computePhash } from './phash';
import { computeVisualDescriptor, DESCRIPTOR_LENGTH, DESCRIPTOR_VERSION } from './visual-descriptor';

describe('analyzeImage', () => {
  it('matches the individual steps from one shared downscale', async () => {
    const img = await decodeFixture('openclipart_balloon-red-aj.png');
    const before = Buffer.from(img.data);
    const analysis = await analyzeImage(img);
    expect(analysis.phash).toBe(await computePhash(img));
    expect(analysis.palette).toEqual(await computePalette(img));
    expect(analysis.descriptor).toEqual(await computeVisualDescriptor(img));
    expect(analysis.descriptor).toHaveLength(DESCRIPTOR_LENGTH);
    expect(analysis.descriptorVersion).toBe(DESCRIPTOR_VERSION);
    expect(img.data.equals(before)).toBe(true); // decoded pixels stay shareable
  });
});
