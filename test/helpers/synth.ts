import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { ClusterSpec } from '../../clusters/types';
import { checkClusterManifests, createClusterApp, manifestsOf } from '../../constructs/cluster-app';
import { Manifest } from '../../constructs/validation/manifest-checks';

/**
 * Returns an app for charts that are only turned into JSON, never written. Unlike cdk8s's Testing.app(), it creates no
 * temporary folder, so the tests leave nothing behind.
 */
export function appWithoutOutput(): App {
  return new App({ outdir: join(tmpdir(), 'cdk8s-never-written') });
}

/** Synthesized objects of one cluster, with lookups by kind and name. */
export interface SynthResult {
  readonly all: Manifest[];
  readonly byChart: Record<string, Manifest[]>;
  find(kind: string, name: string): any;
}

/** Synthesizes one cluster spec in memory (no files) and returns its objects. */
export function synthCluster(spec: ClusterSpec): SynthResult {
  const outdir = mkdtempSync(join(tmpdir(), 'synth-'));
  try {
    const { charts } = createClusterApp(spec, outdir);
    const byChart = {
      metallb: charts.metallb.toJson() as Manifest[],
      'metallb-config': charts.metallbConfig.toJson() as Manifest[],
      'node-bootstrap': charts.nodeBootstrap.toJson() as Manifest[],
    };
    const all = manifestsOf(charts);
    return {
      all,
      byChart,
      find(kind: string, name: string) {
        const found = all.filter((m) => m.kind === kind && m.metadata.name === name);
        if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
        return found[0];
      },
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export { checkClusterManifests };

/** Returns a deep copy of `spec` with `change` applied to the copy. */
export function withChange(spec: ClusterSpec, change: (copy: any) => void): ClusterSpec {
  const copy = structuredClone(spec) as any;
  change(copy);
  return copy as ClusterSpec;
}

/** Collects every value of `key` anywhere inside `value`, with the JSON path where it was found. */
export function findKey(value: unknown, key: string, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => findKey(item, key, `${path}[${index}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(k === key ? [`${path}.${k}`] : []),
      ...findKey(v, key, `${path}.${k}`),
    ]);
  }
  return [];
}
