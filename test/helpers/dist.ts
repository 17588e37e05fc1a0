import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterSpec } from '../../clusters/types';
import { synthesizeClusters } from '../../constructs/synthesize';
import { listFiles } from '../../scripts/lib/list-files';

export { listFiles };

/** Synthesizes `clusters` into a new temporary `dist/` folder and returns its path. */
export function synthToTemp(clusters: readonly ClusterSpec[]): string {
  const dist = join(mkdtempSync(join(tmpdir(), 'dist-')), 'dist');
  synthesizeClusters(clusters, dist);
  return dist;
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
