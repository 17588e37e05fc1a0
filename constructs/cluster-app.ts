import { App, Chart, YamlOutputType } from 'cdk8s';
import { ClusterSpec } from '../clusters/types';
import { addGitOpsCharts } from './gitops';
import { DeliveryUnit } from './gitops/units';
import { MetallbAddressPools } from './metallb/address-pools';
import { MetallbInstall } from './metallb/install';
import { NodeBootstrap } from './node-bootstrap/node-bootstrap';
import { checkHostNetworkPorts, checkUniqueObjects, Manifest } from './validation/manifest-checks';

/**
 * The charts of one cluster, one output folder each. Each folder is a unit that a GitOps tool can sync on its own:
 * the address pools are apart from the install because MetalLB's webhook must serve before they can be applied.
 */
export interface ClusterCharts {
  readonly metallb: Chart;
  readonly metallbConfig: Chart;
  readonly nodeBootstrap: Chart;
}

/** Builds the charts of one validated cluster spec into `app`. */
export function buildClusterCharts(app: App, spec: ClusterSpec): ClusterCharts {
  const chartOptions = { disableResourceNameHashes: true };

  const metallb = new Chart(app, 'metallb', chartOptions);
  new MetallbInstall(metallb, 'install', {
    namespace: spec.metallb.namespace,
    nodeArch: spec.nodeArch,
    controllerImage: spec.images.metallbController,
    speakerImage: spec.images.metallbSpeaker,
    preflightImage: spec.images.preflight,
    logLevel: spec.metallb.logLevel,
    memberlistPort: spec.metallb.memberlistPort,
    monitoringPort: spec.metallb.monitoringPort,
  });

  const metallbConfig = new Chart(app, 'metallb-config', chartOptions);
  new MetallbAddressPools(metallbConfig, 'pools', {
    namespace: spec.metallb.namespace,
    pools: spec.metallb.addressPools,
  });

  const nodeBootstrap = new Chart(app, 'node-bootstrap', chartOptions);
  new NodeBootstrap(nodeBootstrap, 'bootstrap', {
    namespace: spec.nodeBootstrap.namespace,
    image: spec.images.nodeBootstrap,
    nodeArch: spec.nodeArch,
    containerdCustom: spec.containerdCustom,
    checkIntervalSeconds: spec.nodeBootstrap.checkIntervalSeconds,
  });

  return { metallb, metallbConfig, nodeBootstrap };
}

/**
 * Creates the cdk8s app of one cluster, writing one folder per chart and one file per object under `outdir`: the
 * workload charts with their sync annotations, then the Argo CD and Flux charts that deploy them.
 */
export function createClusterApp(spec: ClusterSpec, outdir: string): { app: App; charts: ClusterCharts; units: DeliveryUnit[] } {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  const charts = buildClusterCharts(app, spec);
  const units = addGitOpsCharts(app, spec, Object.values(charts));
  return { app, charts, units };
}

/** Every object of the given charts, as the YAML will contain them. */
export function manifestsOf(charts: ClusterCharts): Manifest[] {
  return Object.values(charts).flatMap((chart: Chart) => chart.toJson() as Manifest[]);
}

/** Checks the synthesized objects of one cluster against rules that span objects. Returns one message per problem. */
export function checkClusterManifests(manifests: readonly Manifest[]): string[] {
  return [...checkUniqueObjects(manifests), ...checkHostNetworkPorts(manifests)];
}
