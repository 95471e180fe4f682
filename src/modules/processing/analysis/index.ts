export type { AnalysisSample } from './analysis-sample';
export { downscaleForAnalysis, SAMPLE_SIZE, SAMPLE_SOURCE_SIZE } from './analysis-sample';
export type { ColorBucket } from './color-name';
export { COLOR_BUCKETS, colorBucket } from './color-name';
export type { DecodedImage } from './decoded-image';
export type { ImageDecodeReason } from './image-decode.error';
export { ImageDecodeError } from './image-decode.error';
export type { DecodeOptions } from './image-decoder';
export { decodeImage } from './image-decoder';
export type { ImageAnalysis } from './image-analysis';
export { analyzeImage } from './image-analysis';
export type { PaletteColor } from './palette';
export { colorBuckets, computePalette, MAX_PALETTE_COLORS, paletteFromSample } from './palette';
export { computePhash, hammingDistance, PHASH_PATTERN, phashFromSample } from './phash';
export type { Rendition } from './thumbnail.renderer';
export { fitLongSide, renderThumbnails, resizePixels, THUMBNAIL_WEBP_OPTIONS } from './thumbnail.renderer';
export {
  computeVisualDescriptor,
  cosineSimilarity,
  DESCRIPTOR_LENGTH,
  DESCRIPTOR_VERSION,
  descriptorFromSample,
} from './visual-descriptor';
