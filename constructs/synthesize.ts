import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { App, YamlOutputType } from 'cdk8s';
import { ClusterSpec } from '../clusters/types';
import { checkClusterManifests, createClusterApp, manifestsOf } from './cluster-app';
import { assertReplaceableOutdir } from './output-folder';
import { addApplicationSetChart, ClusterUnits, GITOPS_FOLDERS, writeKustomizationFile } from './gitops';
import { checkGitOpsAcrossClusters } from './validation/gitops';
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
  issues.push(...checkGitOpsAcrossClusters(clusters));
  return issues;
}

function countObjectFiles(folder: string): number {
  return readdirSync(folder).filter((file) => file.endsWith('.k8s.yaml')).length;
}

function subfolders(folder: string): string[] {
  return readdirSync(folder)
    .filter((entry) => statSync(join(folder, entry)).isDirectory())
    .sort();
}

/**
 * Writes `outdir/<cluster>/<chart>/<Kind>.<name>.k8s.yaml` for every cluster, a `kustomization.yaml` in every
 * chart folder, and `outdir/_argocd/` with the ApplicationSet for all clusters. The specs are validated and the
 * objects checked first, then everything is written into a temporary sibling folder that replaces `outdir` only
 * when all clusters succeeded. So a failure leaves the previous output untouched, and files of removed objects
 * never linger.
 */
export function synthesizeClusters(clusters: readonly ClusterSpec[], outdir: string): ClusterSummary[] {
  const issues = validateClusters(clusters);
  if (issues.length > 0) throw new SpecValidationError(issues);

  assertReplaceableOutdir(outdir);
  const target = resolve(outdir);
  const staging = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });

  try {
    const summaries: ClusterSummary[] = [];
    const clusterUnits: ClusterUnits[] = [];
    for (const spec of clusters) {
      const clusterDir = join(staging, spec.name);
      const { app, charts, units } = createClusterApp(spec, clusterDir);
      const problems = checkClusterManifests(manifestsOf(charts));
      if (problems.length > 0) throw new ManifestCheckError(problems.map((p) => `${spec.name}: ${p}`));
      app.synth();
      clusterUnits.push({ spec, units });

      const folders = subfolders(clusterDir).map((folder) => ({ folder, objects: countObjectFiles(join(clusterDir, folder)) }));
      for (const { folder } of folders) writeKustomizationFile(join(clusterDir, folder));
      summaries.push({ cluster: spec.name, folders });
    }

    // cdk8s turns chart ids into DNS labels and would drop the leading "_", so the files go flat into the folder.
    const applicationSetDir = join(staging, GITOPS_FOLDERS.applicationSet);
    const sharedApp = new App({ outdir: applicationSetDir, yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });
    addApplicationSetChart(sharedApp, clusterUnits);
    sharedApp.synth();
    writeKustomizationFile(applicationSetDir);

    const previous = `${staging}.old`;
    if (existsSync(target)) renameSync(target, previous);
    renameSync(staging, target);
    rmSync(previous, { recursive: true, force: true });
    return summaries;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
