import { Chart } from 'cdk8s';
import { Manifest } from '../validation/manifest-checks';
import { syncWaveOf } from './annotations';

/** One folder under `dist/<cluster>/` that Argo CD and Flux deploy as one Application or Kustomization. */
export interface DeliveryUnit {
  /** Chart id, which is also the folder name. */
  readonly name: string;
  /** Folder path relative to the repository root, without a leading `./`. */
  readonly path: string;
  readonly manifests: readonly Manifest[];
}

/** Lists the deployable units of one cluster, in the order of `charts`. `distPath` is dist/'s path in the repository. */
export function deliveryUnits(cluster: string, charts: readonly Chart[], distPath = 'dist'): DeliveryUnit[] {
  return charts.map((chart) => ({
    name: chart.node.id,
    path: `${distPath}/${cluster}/${chart.node.id}`,
    manifests: chart.toJson() as Manifest[],
  }));
}

/**
 * Returns the Argo CD sync wave of a unit's Application: the highest wave among its objects, so a unit holding
 * webhook-validated resources starts only after the units that install the webhook are healthy.
 */
export function unitSyncWave(unit: DeliveryUnit): number {
  return Math.max(...unit.manifests.map((manifest) => syncWaveOf(manifest.apiVersion, manifest.kind)));
}

/**
 * Returns the names of the other units that a unit needs first: those that contain the CustomResourceDefinition
 * of a custom resource this unit carries. MetalLB's address pools thus depend on the MetalLB install.
 */
export function unitDependencies(unit: DeliveryUnit, units: readonly DeliveryUnit[]): string[] {
  const needed = new Set<string>();
  for (const manifest of unit.manifests) {
    const group = manifest.apiVersion.includes('/') ? manifest.apiVersion.split('/')[0] : '';
    for (const other of units) {
      if (other === unit) continue;
      const definesKind = other.manifests.some(
        (candidate) => candidate.kind === 'CustomResourceDefinition' && candidate.spec?.group === group && candidate.spec?.names?.kind === manifest.kind,
      );
      if (definesKind) needed.add(other.name);
    }
  }
  return units.filter((other) => needed.has(other.name)).map((other) => other.name);
}
