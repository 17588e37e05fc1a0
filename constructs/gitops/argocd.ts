import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterSpec } from '../../clusters/types';
import { SYNC_WAVE } from './annotations';
import { controllerFilledFields, IgnoreDifference } from './ignore-differences';
import { DeliveryUnit, unitSyncWave } from './units';

export const ARGOCD_API_VERSION = 'argoproj.io/v1alpha1';

/** Argo CD's name for the cluster it runs in; Application objects always live there. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/**
 * Sync options of every generated Application:
 * - server-side apply keys container ports on port and protocol, so the speaker's TCP/UDP memberlist twins stay
 *   apart (client-side apply merges them), and it leaves fields owned by other managers alone;
 * - sync honours `ignoreDifferences`, so a sync never writes back a stale `caBundle`;
 * - a custom resource whose CRD is not served yet skips the dry run instead of failing the whole sync;
 * - pruning waits until everything else is applied, so a renamed address pool exists before the old one goes.
 * `Replace=true` is never set: a replace wipes what controllers injected.
 */
export const APPLICATION_SYNC_OPTIONS = ['ServerSideApply=true', 'RespectIgnoreDifferences=true', 'SkipDryRunOnMissingResource=true', 'PruneLast=true'];

/**
 * Automated sync with prune and self-heal, and retries with exponential backoff. Automated sync does not retry a
 * failed sync of the same commit on its own, and a MetalLB webhook that does not serve yet fails exactly so.
 */
export function applicationSyncPolicy(): Record<string, unknown> {
  return {
    automated: { prune: true, selfHeal: true },
    syncOptions: [...APPLICATION_SYNC_OPTIONS],
    retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
  };
}

/** Returns the name of the Application that deploys `unit` of `cluster`. */
export function applicationName(cluster: string, unit: string): string {
  return `${cluster}-${unit}`;
}

function applicationSpec(spec: ClusterSpec, path: string, server: string, ignoreDifferences: readonly IgnoreDifference[]): Record<string, unknown> {
  return {
    project: spec.gitops.argocd.project,
    source: { repoURL: spec.gitops.repoURL, targetRevision: spec.gitops.targetRevision, path },
    destination: { server },
    ...(ignoreDifferences.length > 0 ? { ignoreDifferences } : {}),
    syncPolicy: applicationSyncPolicy(),
  };
}

export interface ArgoCdApplicationsProps {
  readonly spec: ClusterSpec;
  readonly units: readonly DeliveryUnit[];
}

/** One Argo CD Application per deployable unit, each with the sync wave of its unit. */
export class ArgoCdApplications extends Construct {
  constructor(scope: Construct, id: string, props: ArgoCdApplicationsProps) {
    super(scope, id);
    const { spec, units } = props;

    for (const unit of units) {
      new ApiObject(this, unit.name, {
        apiVersion: ARGOCD_API_VERSION,
        kind: 'Application',
        metadata: {
          name: applicationName(spec.name, unit.name),
          namespace: spec.gitops.argocd.namespace,
          annotations: { [SYNC_WAVE]: String(unitSyncWave(unit)) },
        },
        spec: applicationSpec(spec, unit.path, spec.gitops.destinationServer, controllerFilledFields(unit.manifests)),
      });
    }
  }
}

export interface ArgoCdRootApplicationProps {
  readonly spec: ClusterSpec;
  /** Repository path of the folder that contains the unit Applications. */
  readonly applicationsPath: string;
}

/**
 * The app-of-apps root of one cluster: it syncs the folder of unit Applications into Argo CD's own namespace on
 * Argo CD's own cluster, whichever cluster the units target.
 */
export class ArgoCdRootApplication extends Construct {
  constructor(scope: Construct, id: string, props: ArgoCdRootApplicationProps) {
    super(scope, id);
    const { spec } = props;
    const rootSpec = applicationSpec(spec, props.applicationsPath, IN_CLUSTER_SERVER, []);

    new ApiObject(this, 'root', {
      apiVersion: ARGOCD_API_VERSION,
      kind: 'Application',
      metadata: { name: applicationName(spec.name, 'root'), namespace: spec.gitops.argocd.namespace },
      spec: { ...rootSpec, destination: { server: IN_CLUSTER_SERVER, namespace: spec.gitops.argocd.namespace } },
    });
  }
}

/** Adds a chart with the given construct; the chart id is the output folder name. */
export function gitOpsChart(scope: Construct, id: string): Chart {
  return new Chart(scope, id, { disableResourceNameHashes: true });
}
