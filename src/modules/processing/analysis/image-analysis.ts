import { downscaleForAnalysis } from './analysis-sample';
import { DecodedImage } from './decoded-image';
import { PaletteColor, paletteFromSample } from './palette';
import { phashFromSample } from './phash';
import { DESCRIPTOR_VERSION, descriptorFromSample } from './visual-descriptor';

export interface ImageAnalysis {
  phash: string;
  palette: PaletteColor[];
  descriptor: number[];
  descriptorVersion: typeof DESCRIPTOR_VERSION;
}

/** pHash, palette and descriptor from one shared 64×64 downscale of the decoded pixels. */
export async function analyzeImage(img: DecodedImage): Promise<ImageAnalysis> {
  const sample = await downscaleForAnalysis(img);
  return {
    phash: phashFromSample(sample),
    palette: paletteFromSample(sample),
    descriptor: descriptorFromSample(sample),
    descriptorVersion: DESCRIPTOR_VERSION,
  };
}
