import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

/** Writes figures to bench-results/<name>.json and replaces this benchmark's section in docs/BENCHMARKS.md. */
export async function writeReport(name: string, figures: unknown, markdown: string): Promise<void> {
  const dir = join(ROOT, 'bench-results');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}.json`), JSON.stringify(figures, null, 2) + '\n');
  const docPath = join(ROOT, 'docs/BENCHMARKS.md');
  let doc = '';
  try {
    doc = await readFile(docPath, 'utf8');
  } catch {
    doc = '# Benchmarks\n\nFigures measured on the project\u2019s machines (2 cores, 24 GiB). Each run compares ratios within one run; absolute numbers are noisy.\n';
  }
  const begin = `<!-- bench:${name}:begin -->`;
  const end = `<!-- bench:${name}:end -->`;
  const section = `${begin}\n${markdown.trim()}\n${end}`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  doc = i >= 0 && j > i ? doc.slice(0, i) + section + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${section}\n`;
  await writeFile(docPath, doc);
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
