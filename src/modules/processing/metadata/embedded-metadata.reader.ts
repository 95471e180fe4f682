import { parseA1111Parameters } from './a1111-parameters.parser';
import { openByteSource, type ByteSource } from './byte-range.source';
import { readC2paManifestStore, type C2paReadOptions } from './c2pa-manifest.reader';
import { mapC2paStore } from './c2pa-summary.mapper';
import { scanBmff, scanJpeg, scanWebp, type ContainerScan } from './container-boxes.reader';
import { sniffContainer, type ContainerFormat } from './container-format.sniffer';
import type { C2paSummary, EmbeddedMetadata, GenerationCandidate, GenerationFields, ParentHint } from './embedded-metadata.types';
import { readExif, type ExifRead } from './exif-metadata.reader';
import { looksLikeFooocusJson, parseFooocusParameters } from './fooocus-metadata.parser';
import { mergeGenerationCandidates } from './generation.merger';
import { parseComfyUiPrompt } from './comfyui-graph.parser';
import { parseInvokeAiDream, parseInvokeAiLegacyMetadata, parseInvokeAiMetadata } from './invokeai-metadata.parser';
import { decodeRawProfileHex, parseIptcFromIrb } from './iptc-irb.parser';
import { parseNovelAi } from './novelai-metadata.parser';
import { readPngChunks } from './png-chunks.reader';
import { limitRawSize } from './raw-size.limiter';
import { readStealthPngInfo } from './stealth-pnginfo.reader';
import { isAiDigitalSourceType, parseXmpPacket, type XmpSummary } from './xmp-packet.parser';

export type { C2paSummary, EmbeddedMetadata, GenerationFields, MetadataSource } from './embedded-metadata.types';
export { closeC2paWorker } from './c2pa-manifest.reader';

export interface EmbeddedMetadataOptions {
  /** false skips C2PA validation; presence is then only recorded as raw.c2paEmbedded. */
  c2pa?: C2paReadOptions | false;
  /** A1111 stealth pnginfo needs a pixel decode; only tried on PNGs with alpha and no text metadata. */
  stealth?: boolean;
  rawMaxBytes?: number;
}

/** Everything gathered from one file before merging. */
interface Collected {
  candidates: GenerationCandidate[];
  parentHints: ParentHint[];
  raw: Record<string, unknown>;
  xmpText?: string;
  iptc?: Record<string, unknown>;
  exif?: ExifRead;
  c2paEmbedded: boolean;
}

/**
 * Reads embedded generation metadata (PNG text chunks, EXIF/XMP/IPTC, C2PA) from a file path or
 * from the file's bytes already in memory, with the same result either way (bar exifr's chunk limit
 * on paths, see readExif). Bytes cost no fs call; a path is read with bounded positional reads, so
 * videos and big originals are never loaded whole.
 * Never throws for unreadable or corrupt input: problems land in `raw.errors`.
 */
export async function readEmbeddedMetadata(input: string | Buffer, mime: string, options: EmbeddedMetadataOptions = {}): Promise<EmbeddedMetadata> {
  const collected: Collected = { candidates: [], parentHints: [], raw: {}, c2paEmbedded: false };
  const errors: string[] = [];
  const c2pa = await collectInput(input, mime, collected, errors, options);

  const xmp: XmpSummary = collected.xmpText ? parseXmpPacket(collected.xmpText) : {};
  if (!collected.c2paEmbedded && xmp.provenance) collected.raw['c2paRemoteManifestUrl'] = xmp.provenance;

  const declared = [c2pa?.summary.digitalSourceType, xmp.digitalSourceType].filter((d): d is string => !!d);
  const digitalSourceType = declared[0] ?? null;
  const declaredAi = declared.some(isAiDigitalSourceType);
  const hasGenerator = collected.candidates.length > 0;
  const aiGenerated = declaredAi || hasGenerator ? true : declared.length ? false : null;

  // Captions and software tags only describe a generation when the file says it is AI-made.
  if (declaredAi) {
    if (c2pa) collected.candidates.push({ source: 'c2pa', fields: c2pa.generation });
    collected.candidates.push({ source: 'xmp', fields: stripEmpty({ prompt: xmp.description, tool: xmp.creatorTool }) });
    const iptc = collected.iptc ?? {};
    collected.candidates.push({ source: 'iptc', fields: stripEmpty({ prompt: str(iptc['Caption']), tool: str(iptc['OriginatingProgram']) }) });
    collected.candidates.push({ source: 'exif', fields: stripEmpty({ prompt: collected.exif?.imageDescription, tool: collected.exif?.exif.software }) });
  }
  if (c2pa && c2pa.ingredientSha256.length) collected.parentHints.push({ sha256: c2pa.ingredientSha256, source: 'c2pa' });

  const { generation, sources } = mergeGenerationCandidates(collected.candidates);
  if (errors.length) collected.raw['errors'] = errors;
  return {
    generation,
    sources,
    aiGenerated,
    digitalSourceType,
    c2pa: c2pa?.summary ?? null,
    exif: collected.exif?.exif ?? {},
    parentHints: collected.parentHints,
    raw: limitRawSize(collected.raw, options.rawMaxBytes),
  };
}

type C2paRead = ReturnType<typeof mapC2paStore> | undefined;

async function collectInput(input: string | Buffer, mime: string, c: Collected, errors: string[], options: EmbeddedMetadataOptions): Promise<C2paRead> {
  let source: ByteSource;
  try {
    source = await openByteSource(input);
  } catch (err) {
    // Only a path can fail to open; with nothing to read, the declared MIME is all there is to report.
    c.raw['container'] = { format: formatFromMime(mime), mime };
    errors.push(`open: ${(err as Error).message}`);
    return undefined;
  }
  try {
    return await collectSource(source, mime, c, errors, options);
  } finally {
    await source.close();
  }
}

async function collectSource(source: ByteSource, mime: string, c: Collected, errors: string[], options: EmbeddedMetadataOptions): Promise<C2paRead> {
  const sniffed = await sniffContainer(source);
  const format: ContainerFormat = sniffed.format !== 'unknown' ? sniffed.format : formatFromMime(mime);
  const effectiveMime = sniffed.mime ?? mime;
  c.raw['container'] = { format, mime: effectiveMime };

  try {
    if (format === 'png') await collectPng(source, c, errors, options);
    else if (format === 'jpeg' || format === 'tiff' || (format === 'bmff' && /^image\//.test(effectiveMime))) await collectExifFile(source, format, c, errors);
    else if (format === 'webp') await collectWebp(source, c, errors);
    if (format === 'bmff' && !/^image\//.test(effectiveMime)) c.c2paEmbedded = (await scanBmff(source)).hasC2pa;
  } catch (err) {
    errors.push(`unexpected: ${(err as Error).message}`); // defensive: collectors are meant not to throw
  }

  if (c.xmpText) c.raw['xmp'] = c.xmpText;
  if (c.iptc && Object.keys(c.iptc).length) c.raw['iptc'] = c.iptc;
  return collectC2pa(source, effectiveMime, c, errors, options);
}

async function collectPng(source: ByteSource, c: Collected, errors: string[], options: EmbeddedMetadataOptions): Promise<void> {
  const scan = await readPngChunks(source);
  errors.push(...scan.errors.map((e) => `png: ${e}`));
  c.c2paEmbedded = scan.hasC2pa;
  c.raw['png'] = { width: scan.width, height: scan.height, colorType: scan.colorType, chunks: scan.chunkTypes, reachedIend: scan.reachedIend };
  const texts = new Map<string, string>();
  for (const t of scan.texts) {
    if (!texts.has(t.keyword)) texts.set(t.keyword, t.text);
    const key = `png.${t.chunk}.${t.keyword}`;
    if (!(key in c.raw)) c.raw[key] = t.text;
  }

  const parameters = texts.get('parameters');
  if (parameters !== undefined) {
    if (looksLikeFooocusJson(parameters, texts.has('fooocus_scheme'))) pushCandidate(c, 'fooocus', parseFooocusParameters(parameters));
    else {
      const a1111 = parseA1111Parameters(parameters);
      pushCandidate(c, a1111?.tool === 'Fooocus' ? 'fooocus' : 'a1111', a1111);
    }
  }
  const prompt = texts.get('prompt');
  if (prompt !== undefined) {
    const comfy = parseComfyUiPrompt(prompt);
    if (comfy) {
      pushCandidate(c, 'comfyui', comfy.fields);
      if (comfy.inputImageSha256.length) c.parentHints.push({ sha256: comfy.inputImageSha256, source: 'comfyui' });
    }
  }
  const invoke = texts.get('invokeai_metadata');
  if (invoke !== undefined) pushCandidate(c, 'invokeai', parseInvokeAiMetadata(invoke));
  else if (texts.has('sd-metadata')) pushCandidate(c, 'invokeai', parseInvokeAiLegacyMetadata(texts.get('sd-metadata') ?? ''));
  else if (texts.has('Dream')) pushCandidate(c, 'invokeai', parseInvokeAiDream(texts.get('Dream') ?? ''));
  pushCandidate(c, 'novelai', parseNovelAi({ software: texts.get('Software'), description: texts.get('Description'), source: texts.get('Source'), comment: texts.get('Comment'), title: texts.get('Title') }));

  c.xmpText = texts.get('XML:com.adobe.xmp');
  const iptcHex = texts.get('Raw profile type iptc');
  const irb = iptcHex ? decodeRawProfileHex(iptcHex) : undefined;
  if (irb) c.iptc = parseIptcFromIrb(irb);
  // ImageMagick stores EXIF as a hex "Raw profile type exif" (with the JPEG "Exif\0\0" prefix).
  const exifHex = texts.get('Raw profile type exif');
  const exifFromHex = exifHex ? decodeRawProfileHex(exifHex) : undefined;
  const exifBuf = scan.exif ?? (exifFromHex?.toString('latin1', 0, 6) === 'Exif\0\0' ? exifFromHex.subarray(6) : exifFromHex);
  if (exifBuf) {
    c.exif = await readExif(exifBuf);
    if (c.exif.error) errors.push(`exif: ${c.exif.error}`);
    if (Object.keys(c.exif.tags).length) c.raw['exif'] = c.exif.tags;
  }

  const hasAlpha = scan.colorType === 4 || scan.colorType === 6;
  if (!c.candidates.length && hasAlpha && options.stealth !== false && scan.width && scan.height) {
    const stealth = await readStealthPngInfo(source.input, scan.width, scan.height, hasAlpha);
    if (stealth) {
      c.raw['png.stealth'] = stealth;
      pushCandidate(c, 'a1111', parseA1111Parameters(stealth));
    }
  }
}

async function collectExifFile(source: ByteSource, format: ContainerFormat, c: Collected, errors: string[]): Promise<void> {
  const [exif, boxes] = await Promise.all([
    readExif(source.input),
    format === 'jpeg' ? scanJpeg(source) : format === 'bmff' ? scanBmff(source) : Promise.resolve<ContainerScan>({ hasC2pa: false, errors: [] }),
  ]);
  c.c2paEmbedded = boxes.hasC2pa;
  errors.push(...boxes.errors.map((e) => `${format}: ${e}`));
  applyExif(c, exif, errors);
}

async function collectWebp(source: ByteSource, c: Collected, errors: string[]): Promise<void> {
  const scan = await scanWebp(source);
  c.c2paEmbedded = scan.hasC2pa;
  errors.push(...scan.errors.map((e) => `webp: ${e}`));
  if (scan.exif) applyExif(c, await readExif(scan.exif), errors);
  if (scan.xmp) c.xmpText = scan.xmp;
}

function applyExif(c: Collected, exif: ExifRead, errors: string[]): void {
  c.exif = exif;
  if (exif.error) errors.push(`exif: ${exif.error}`);
  if (Object.keys(exif.tags).length) c.raw['exif'] = exif.tags;
  if (exif.xmp && !c.xmpText) c.xmpText = exif.xmp;
  if (exif.iptc) c.iptc = exif.iptc;
  if (exif.userComment) {
    c.raw['exif.UserComment'] = exif.userComment;
    const a1111 = parseA1111Parameters(exif.userComment);
    pushCandidate(c, a1111?.tool === 'Fooocus' ? 'fooocus' : 'a1111', a1111);
  }
}

async function collectC2pa(source: ByteSource, mime: string, c: Collected, errors: string[], options: EmbeddedMetadataOptions): Promise<C2paRead> {
  if (!c.c2paEmbedded) return undefined;
  if (options.c2pa === false) {
    c.raw['c2paEmbedded'] = true;
    return undefined;
  }
  const result = await readC2paManifestStore(source, mime, options.c2pa);
  if (!result.ok) {
    errors.push(`c2pa: ${result.error}`);
    return { summary: errorSummary(result.error), generation: {}, ingredientSha256: [] };
  }
  const mapped = mapC2paStore(result.store);
  if (!mapped) return { summary: errorSummary('manifest store without an active manifest'), generation: {}, ingredientSha256: [] };
  c.raw['c2pa'] = activeManifestOnly(result.store);
  return mapped;
}

function errorSummary(error: string): C2paSummary {
  return { present: true, actions: [], ingredients: [], validation: 'error', validationErrors: [error] };
}

/** Keeps raw small: the active manifest without thumbnails, plus the failure list. */
function activeManifestOnly(store: unknown): unknown {
  if (!store || typeof store !== 'object') return undefined;
  const s = store as Record<string, unknown>;
  const label = typeof s['active_manifest'] === 'string' ? s['active_manifest'] : undefined;
  const manifests = (s['manifests'] ?? {}) as Record<string, unknown>;
  return { active_manifest: label, manifest: label ? manifests[label] : undefined, validation_state: s['validation_state'], validation_status: s['validation_status'] };
}

function pushCandidate(c: Collected, source: GenerationCandidate['source'], fields: GenerationFields | undefined): void {
  if (fields) c.candidates.push({ source, fields });
}

function stripEmpty(fields: GenerationFields): GenerationFields {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== '')) as GenerationFields;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
}

function formatFromMime(mime: string): ContainerFormat {
  const m = mime.toLowerCase();
  if (m === 'image/png') return 'png';
  if (m === 'image/jpeg' || m === 'image/jpg') return 'jpeg';
  if (m === 'image/webp') return 'webp';
  if (m === 'image/tiff') return 'tiff';
  if (/^(video\/(mp4|quicktime)|image\/(heic|heif|avif))$/.test(m)) return 'bmff';
  return 'unknown';
}
