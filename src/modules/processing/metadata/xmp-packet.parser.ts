/** The few XMP properties we use, read with regexes (XMP is RDF/XML; a full parser is not needed for these). */
export interface XmpSummary {
  digitalSourceType?: string;
  creatorTool?: string;
  description?: string;
  title?: string;
  /** dcterms:provenance: URL of a remote C2PA manifest. */
  provenance?: string;
  credit?: string;
}

const IPTC_DST_PREFIX = /^https?:\/\/cv\.iptc\.org\/newscodes\/digitalsourcetype\//i;

/** 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia' -> 'trainedAlgorithmicMedia'. */
export function normaliseDigitalSourceType(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  return trimmed.replace(IPTC_DST_PREFIX, '').replace(/\/$/, '');
}

const AI_TYPES = new Set(['trainedAlgorithmicMedia', 'compositeWithTrainedAlgorithmicMedia']);

/** true for the IPTC codes that mean "made (partly) by a generative model"; false for any other declared code. */
export function isAiDigitalSourceType(code: string): boolean {
  return AI_TYPES.has(code);
}

export function parseXmpPacket(xmp: string): XmpSummary {
  const out: XmpSummary = {};
  const dst = property(xmp, 'Iptc4xmpExt:DigitalSourceType') ?? property(xmp, 'plus:DigitalSourceType');
  const normalised = normaliseDigitalSourceType(dst);
  if (normalised) out.digitalSourceType = normalised;
  const creatorTool = property(xmp, 'xmp:CreatorTool');
  if (creatorTool) out.creatorTool = creatorTool;
  const description = property(xmp, 'dc:description');
  if (description) out.description = description;
  const title = property(xmp, 'dc:title');
  if (title) out.title = title;
  const provenance = property(xmp, 'dcterms:provenance');
  if (provenance) out.provenance = provenance;
  const credit = property(xmp, 'photoshop:Credit');
  if (credit) out.credit = credit;
  return out;
}

/** Attribute form (`ns:Prop="v"`), simple element, rdf:resource, or first rdf:li of an Alt/Seq/Bag. */
function property(xmp: string, name: string): string | undefined {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const attr = new RegExp(`\\s${esc}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(xmp);
  if (attr) return decodeEntities(attr[1] ?? attr[2]);
  const resource = new RegExp(`<${esc}\\b[^>]*\\brdf:resource\\s*=\\s*"([^"]*)"`).exec(xmp);
  if (resource) return decodeEntities(resource[1]);
  const element = new RegExp(`<${esc}\\b[^>]*>([\\s\\S]*?)</${esc}>`).exec(xmp);
  if (!element) return undefined;
  const li = /<rdf:li\b[^>]*>([\s\S]*?)<\/rdf:li>/.exec(element[1]);
  const value = decodeEntities((li ? li[1] : element[1]).trim());
  return value && !value.startsWith('<') ? value : undefined;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
