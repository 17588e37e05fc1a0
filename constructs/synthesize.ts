import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ClusterSpec } from '../clusters/types';
import { checkClusterManifests, createClusterApp, manifestsOf } from './cluster-app';
import { validateClusterSpec } from './validation/cluster-spec';
import { MESSAGES } from './validation/messages';
import { ClusterIssue, SpecValidationError } from './validation/spec-issue';

/** Thrown when the synthesized objects break a rule that spans objects; nothing is written. */
export class ManifestCheckError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super([`generated objects are invalid (${problems.length}); nothing was written:`, ...problems.map((p) => `  - ${p}`)].join('\n'));
    this.name = 'ManifestCheckError';
  }
}

export interface ClusterSummary {
  readonly cluster: string;
  /** Object count per chart folder, in folder order. */
  readonly folders: ReadonlyArray<{ folder: string; objects: number }>;
}

/** Validates every spec and returns all issues of all clusters together. */
export function validateClusters(clusters: readonly ClusterSpec[]): ClusterIssue[] {
  const issues: ClusterIssue[] = [];
  const names = new Set<string>();
  for (const spec of clusters) {
    const cluster = typeof spec.name === 'string' ? spec.name : '<unnamed>';
    if (names.has(cluster)) {
      issues.push({ cluster, issue: { path: 'name', value: spec.name, ...MESSAGES.clusterNameTaken() } });
    }
    names.add(cluster);
    issues.push(...validateClusterSpec(spec).map((issue) => ({ cluster, issue })));
  }
  return issues;
}

function countYamlFiles(folder: string): number {
  return readdirSync(folder).filter((file) => file.endsWith('.yaml')).length;
}

/**
 * Writes `outdir/<cluster>/<chart>/<Kind>.<name>.k8s.yaml` for every cluster. The specs are validated and the
 * objects checked first, then everything is written into a temporary sibling folder that replaces `outdir` only
 * when all clusters succeeded. So a failure leaves the previous output untouched, and files of removed objects
 * never linger.
 */
export function synthesizeClusters(clusters: readonly ClusterSpec[], outdir: string): ClusterSummary[] {
  const issues = validateClusters(clusters);
  if (issues.length > 0) throw new SpecValidationError(issues);

  const target = resolve(outdir);
  const staging = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });

  try {
    const summaries: ClusterSummary[] = [];
    for (const spec of clusters) {
      const clusterDir = join(staging, spec.name);
      const { app, charts } = createClusterApp(spec, clusterDir);
      const problems = checkClusterManifests(manifestsOf(charts));
      if (problems.length > 0) throw new ManifestCheckError(problems.map((p) => `${spec.name}: ${p}`));
      app.synth();

      const folders = readdirSync(clusterDir)
        .filter((entry) => statSync(join(clusterDir, entry)).isDirectory())
        .sort()
        .map((folder) => ({ folder, objects: countYamlFiles(join(clusterDir, folder)) }));
      summaries.push({ cluster: spec.name, folders });
    }

    const previous = `${staging}.old`;
    if (existsSync(target)) renameSync(target, previous);
    renameSync(staging, target);
    rmSync(previous, { recursive: true, force: true });
    return summaries;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
