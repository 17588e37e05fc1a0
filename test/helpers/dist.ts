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
