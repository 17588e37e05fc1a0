import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/** Error for an output folder that must not be replaced: it contains the working directory, or a file synth did not write. */
export class UnsafeOutdirError extends Error {
  constructor(
    public readonly outdir: string,
    public readonly reason: 'holds-cwd' | 'foreign-file',
    public readonly file?: string,
  ) {
    super(reason === 'holds-cwd' ? `${outdir} is or contains the working directory` : `${outdir} holds ${file}, which synth does not write`);
    this.name = 'UnsafeOutdirError';
  }
}

/** Returns the first file under `dir` that is not YAML, or undefined when every file is. */
function firstForeignFile(dir: string): string | undefined {
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      const found = firstForeignFile(full);
      if (found) return found;
    } else if (!entry.endsWith('.yaml')) {
      return full;
    }
  }
  return undefined;
}

/**
 * Checks that `outdir` can be replaced as a whole: it must not be the working directory or one of its parents (so
 * `--outdir .` cannot wipe a repository), and an existing folder may hold nothing but YAML, as synth writes it.
 * Throws UnsafeOutdirError otherwise.
 */
export function assertReplaceableOutdir(outdir: string, cwd: string = process.cwd()): void {
  const target = resolve(outdir);
  const fromTarget = relative(target, resolve(cwd));
  if (fromTarget === '' || (!fromTarget.startsWith('..') && !fromTarget.startsWith(sep))) {
    throw new UnsafeOutdirError(outdir, 'holds-cwd');
  }
  if (!existsSync(target)) return;
  const foreign = firstForeignFile(target);
  if (foreign) throw new UnsafeOutdirError(outdir, 'foreign-file', relative(target, foreign));
}
