import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { classifyDecodeFailure } from './analysis/image-decode.error';
import { PermanentStepError } from './step-handler';

const run = promisify(execFile);

export interface ProbeResult {
  width: number | null;
  height: number | null;
  durationMs: number | null;
  codec: string | null;
  format: string | null;
}

// Guard against decompression bombs: refuse images above this many pixels (~268 MP, sharp's default).
export const LIMIT_INPUT_PIXELS = 268_402_689;

/** Dimensions of an image from its header (no full decode), EXIF orientation applied. */
export async function probeImage(path: string | Buffer, limitInputPixels = LIMIT_INPUT_PIXELS): Promise<ProbeResult> {
  try {
    const size = typeof path === 'string' ? (await stat(path)).size : path.length;
    if (size === 0) throw new PermanentStepError('image is empty (zero bytes)');
    // Header only: the pixel limit is checked below, with a clearer message than sharp's.
    const meta = await sharp(path, { limitInputPixels: false }).metadata();
    if (!meta.width || !meta.height) throw new PermanentStepError('image has no dimensions');
    // metadata() reads only the header, so the bomb guard is checked here before anything decodes.
    const pixels = meta.width * meta.height * Math.max(1, meta.pages ?? 1);
    if (meta.width * meta.height > limitInputPixels) {
      throw new PermanentStepError(
        `image is ${meta.width}x${meta.height} (${Math.round(pixels / 1e6)} MP), above the limit of ${limitInputPixels} pixels (decompression-bomb guard)`,
      );
    }
    const rotated = (meta.orientation ?? 1) >= 5;
    return {
      width: rotated ? meta.height : meta.width,
      height: rotated ? meta.width : meta.height,
      durationMs: null,
      codec: meta.format ?? null,
      format: meta.format ?? null,
    };
  } catch (err) {
    if (err instanceof PermanentStepError) throw err;
    const decode = await classifyDecodeFailure(err, path);
    throw new PermanentStepError(`${decode.reason}: ${decode.message}`);
  }
}

interface FfprobeStream { codec_type?: string; codec_name?: string; width?: number; height?: number; side_data_list?: { rotation?: number }[]; tags?: { rotate?: string } }

/** Dimensions, duration and codec of a video via ffprobe (Debian's ffmpeg). Rotation metadata swaps width/height. */
export async function probeVideo(path: string, timeoutMs = 30_000): Promise<ProbeResult> {
  let stdout: string;
  try {
    ({ stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path], {
      timeout: timeoutMs,
      maxBuffer: 8 * 1024 * 1024,
    }));
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error('ffprobe is not installed (apt-get install ffmpeg)');
    throw new PermanentStepError(`ffprobe could not read the video: ${(e.stderr || e.message).trim().split('\n')[0]}`);
  }
  const info = JSON.parse(stdout) as { streams?: FfprobeStream[]; format?: { duration?: string; format_name?: string } };
  const video = info.streams?.find((s) => s.codec_type === 'video');
  if (!video) throw new PermanentStepError('no video stream found');
  const rotation = Math.abs(Number(video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? video.tags?.rotate ?? 0)) % 180;
  const duration = Number(info.format?.duration);
  return {
    width: (rotation === 90 ? video.height : video.width) ?? null,
    height: (rotation === 90 ? video.width : video.height) ?? null,
    durationMs: Number.isFinite(duration) ? Math.round(duration * 1000) : null,
    codec: video.codec_name ?? null,
    format: info.format?.format_name ?? null,
  };
}
