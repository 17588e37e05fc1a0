import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ClusterSpec } from '../../clusters/types';
import { synthesizeClusters } from '../../constructs/synthesize';

/** Synthesizes `clusters` into a new temporary `dist/` folder and returns its path. */
export function synthToTemp(clusters: readonly ClusterSpec[]): string {
  const dist = join(mkdtempSync(join(tmpdir(), 'dist-')), 'dist');
  synthesizeClusters(clusters, dist);
  return dist;
}

/** Lists every file under `root`, as paths relative to it, sorted. */
export function listFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder).sort()) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(root, path));
    }
  };
  walk(root);
  return files;
}

/**
 * Returns true when `command` runs. Otherwise it skips visibly on a developer machine and throws when CI=true,
 * where a missing tool is a broken setup.
 */
export function requireTool(command: string, args: readonly string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    const message = `${command} is not installed; .ci/run installs it`;
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(`SKIPPED: ${message}`);
    return false;
  }
}
