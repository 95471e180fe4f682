/** Where a generation field was read from. */
export type MetadataSource = 'a1111' | 'comfyui' | 'invokeai' | 'fooocus' | 'novelai' | 'c2pa' | 'exif' | 'xmp' | 'iptc';

export interface GenerationFields {
  model?: string;
  provider?: string;
  prompt?: string;
  negativePrompt?: string;
  /** Decimal string: seeds exceed 2^53. */
  seed?: string;
  steps?: number;
  sampler?: string;
  cfgScale?: number;
  width?: number;
  height?: number;
  tool?: string;
  params?: Record<string, unknown>;
}

export type C2paValidation = 'valid' | 'invalid_signature' | 'hash_mismatch' | 'untrusted' | 'error';

export interface C2paSummary {
  present: true;
  claimGenerator?: string;
  title?: string;
  digitalSourceType?: string;
  actions: string[];
  ingredients: { title?: string; hash?: string; relationship?: string }[];
  validation: C2paValidation;
  validationErrors: string[];
}

export interface ExifSummary {
  orientation?: number;
  /** Wall-clock "YYYY-MM-DDTHH:MM:SS" (+offset only when the file records one); never re-zoned. */
  capturedAt?: string;
  make?: string;
  model?: string;
  software?: string;
}

export interface ParentHint {
  sha256: string[];
  source: string;
}

export interface EmbeddedMetadata {
  generation: GenerationFields;
  sources: Partial<Record<keyof GenerationFields, MetadataSource>>;
  aiGenerated: boolean | null;
  digitalSourceType: string | null;
  c2pa: C2paSummary | null;
  exif: ExifSummary;
  parentHints: ParentHint[];
  raw: Record<string, unknown>;
}

/** One parser's contribution before merging. */
export interface GenerationCandidate {
  source: MetadataSource;
  fields: GenerationFields;
}
