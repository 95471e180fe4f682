import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { PermanentStepError } from './step-handler';

const run = promisify(execFile);

/**
 * Extracts one frame as PNG (ffmpeg applies the rotation matrix itself). Taken at 1 s, or 10 %
 * into shorter clips; falls back to the first frame when the seek lands past the end.
 */
export async function extractPosterFrame(input: string, output: string, durationMs: number | null, timeoutMs = 60_000): Promise<void> {
  const at = durationMs && durationMs < 10_000 ? durationMs / 10_000 : 1;
  for (const seek of [at, 0]) {
    try {
      await run('ffmpeg', ['-v', 'error', '-nostdin', '-ss', seek.toFixed(3), '-i', input, '-frames:v', '1', '-an', '-f', 'image2', '-c:v', 'png', '-y', output], {
        timeout: timeoutMs,
        maxBuffer: 4 * 1024 * 1024,
      });
      if ((await stat(output).catch(() => null))?.size) return;
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: string };
      if (e.code === 'ENOENT') throw new Error('ffmpeg is not installed (apt-get install ffmpeg)');
      if (seek === 0) throw new PermanentStepError(`ffmpeg could not extract a poster frame: ${(e.stderr || e.message).trim().split('\n')[0]}`);
    }
  }
  throw new PermanentStepError('ffmpeg produced no poster frame (no decodable video frame)');
}
