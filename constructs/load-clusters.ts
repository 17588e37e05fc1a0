import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { ClusterSpec } from '../clusters/types';

/**
 * Loads cluster specs from a file: a JSON array of specs, a JSON object with a `clusters` array, or a TypeScript or
 * JavaScript module that exports `clusters`. The specs are returned unchecked; validation comes next.
 */
export function loadClusters(path: string): ClusterSpec[] {
  const absolute = resolve(path);
  let loaded: unknown;
  if (extname(absolute) === '.json') {
    loaded = JSON.parse(readFileSync(absolute, 'utf8'));
  } else {
    loaded = require(absolute);
  }

  const list = Array.isArray(loaded) ? loaded : (loaded as { clusters?: unknown })?.clusters;
  if (!Array.isArray(list)) {
    throw new Error(`${path} holds no cluster list: export "clusters" from a module, or write a JSON array of specs`);
  }
  return list as ClusterSpec[];
}
