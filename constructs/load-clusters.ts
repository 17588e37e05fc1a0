import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';

/** Why a cluster file could not be loaded: `unreadable` carries the underlying error text. */
export class ClusterFileError extends Error {
  constructor(
    public readonly file: string,
    public readonly reason: 'unreadable' | 'no-list',
    detail: string,
  ) {
    super(detail);
    this.name = 'ClusterFileError';
  }
}

/**
 * Loads cluster specs from a file: a JSON array of specs, a JSON object with a `clusters` array, or a TypeScript or
 * JavaScript module that exports `clusters`. The specs are returned unchecked; validation comes next.
 */
export function loadClusters(path: string): unknown[] {
  const absolute = resolve(path);
  let loaded: unknown;
  try {
    loaded = extname(absolute) === '.json' ? JSON.parse(readFileSync(absolute, 'utf8')) : require(absolute);
  } catch (error) {
    throw new ClusterFileError(path, 'unreadable', (error as Error).message.split('\n')[0]);
  }

  const list = Array.isArray(loaded) ? loaded : (loaded as { clusters?: unknown })?.clusters;
  if (!Array.isArray(list)) throw new ClusterFileError(path, 'no-list', `${path} contains no cluster list`);
  return list;
}
