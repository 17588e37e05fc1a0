import { App, Chart } from 'cdk8s';
import { ClusterSpec } from '../../clusters/types';
import { addDeliveryAnnotations } from './annotations';
import { ArgoCdApplicationSet, ClusterUnits } from './applicationset';
import { ArgoCdApplications, ArgoCdRootApplication, gitOpsChart } from './argocd';
import { FluxKustomizations } from './flux';
import { DeliveryUnit, deliveryUnits } from './units';

/**
 * Output folders of the delivery objects. Argo CD and Flux each read only their own folders, and the unit
 * Applications and Kustomizations point at the unit folders, so neither tool picks up the other's objects.
 */
export const GITOPS_FOLDERS = {
  /** `dist/<cluster>/argocd/`: one Application per unit, synced by the root Application. */
  argocdApplications: 'argocd',
  /** `dist/<cluster>/argocd-root/`: the app-of-apps root, applied once by an administrator. */
  argocdRoot: 'argocd-root',
  /** `dist/<cluster>/flux/`: one Flux Kustomization per unit; the path given to `flux bootstrap`. */
  flux: 'flux',
  /** `dist/_argocd/`: the ApplicationSet for all clusters. A cluster name is a DNS label, so it never starts with `_`. */
  applicationSet: '_argocd',
} as const;

/** Folder of `dist/` inside the repository, as the Argo CD and Flux objects reference it. */
export const DIST_PATH = 'dist';

/**
 * Adds the sync annotations to the workload charts of one cluster, then the Argo CD and Flux charts that deploy
 * them. Returns the deployable units for the all-clusters ApplicationSet.
 */
export function addGitOpsCharts(app: App, spec: ClusterSpec, workloadCharts: readonly Chart[]): DeliveryUnit[] {
  addDeliveryAnnotations(workloadCharts);
  const units = deliveryUnits(spec.name, workloadCharts, DIST_PATH);

  new ArgoCdApplications(gitOpsChart(app, GITOPS_FOLDERS.argocdApplications), 'applications', { spec, units });
  const applicationsPath = `${DIST_PATH}/${spec.name}/${GITOPS_FOLDERS.argocdApplications}`;
  new ArgoCdRootApplication(gitOpsChart(app, GITOPS_FOLDERS.argocdRoot), 'root', { spec, applicationsPath });
  new FluxKustomizations(gitOpsChart(app, GITOPS_FOLDERS.flux), 'kustomizations', { spec, units });
  return units;
}

/** Adds the chart with the ApplicationSet that covers every cluster. */
export function addApplicationSetChart(app: App, clusters: readonly ClusterUnits[]): Chart {
  const chart = gitOpsChart(app, 'applicationset');
  new ArgoCdApplicationSet(chart, 'clusters', clusters);
  return chart;
}

export { ClusterUnits } from './applicationset';
export { KUSTOMIZATION_FILE, writeKustomizationFile } from './kustomization-file';
