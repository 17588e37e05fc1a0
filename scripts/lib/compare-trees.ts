import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from './list-files';

/** Files that differ between the committed tree and a fresh synthesis, as paths relative to both roots. */
export interface TreeDifference {
  /** Produced by the code but missing from the committed tree. */
  readonly missing: string[];
  /** In the committed tree but not produced by the code. */
  readonly extra: string[];
  /** In both, with different bytes. */
  readonly changed: string[];
}

/** Compares every file under `committed` with the file of the same path under `expected`, byte for byte. */
export function compareTrees(committed: string, expected: string): TreeDifference {
  const committedFiles = new Set(listFiles(committed));
  const expectedFiles = listFiles(expected);
  const expectedSet = new Set(expectedFiles);

  return {
    missing: expectedFiles.filter((file) => !committedFiles.has(file)),
    extra: [...committedFiles].filter((file) => !expectedSet.has(file)),
    changed: expectedFiles.filter((file) => committedFiles.has(file) && !readFileSync(join(committed, file)).equals(readFileSync(join(expected, file)))),
  };
}

export function isEmpty(difference: TreeDifference): boolean {
  return difference.missing.length + difference.extra.length + difference.changed.length === 0;
}
