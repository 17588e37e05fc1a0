import { ApiObject, Chart } from 'cdk8s';
import { METALLB_NAMES } from '../metallb/names';

export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
export const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
export const FLUX_PRUNE = 'kustomize.toolkit.fluxcd.io/prune';
export const FLUX_SSA = 'kustomize.toolkit.fluxcd.io/ssa';

/**
 * Argo CD sync wave per kind. Lower waves are applied first, and a wave starts only once the previous one is
 * synced and healthy. So the API types exist before anything uses them, identities and configuration exist before
 * the pods that mount them, and webhook-validated custom resources come after the controller that serves the webhook.
 */
const WAVE_BY_KIND: Readonly<Record<string, number>> = {
  Namespace: -2,
  CustomResourceDefinition: -2,
  ServiceAccount: -1,
  Role: -1,
  RoleBinding: -1,
  ClusterRole: -1,
  ClusterRoleBinding: -1,
  ConfigMap: -1,
  Secret: -1,
  Service: -1,
  ValidatingWebhookConfiguration: -1,
  PriorityClass: -1,
  NetworkPolicy: -1,
  Deployment: 0,
  DaemonSet: 0,
  StatefulSet: 0,
  Job: 0,
  PodDisruptionBudget: 0,
};

/** Wave of every custom resource that MetalLB's validating webhook checks: after the controller is healthy. */
const METALLB_RESOURCE_WAVE = 1;

/** Returns the sync wave of an object, or throws when its kind has none, so a new kind gets a deliberate place. */
export function syncWaveOf(apiVersion: string, kind: string): number {
  if (apiVersion.startsWith('metallb.io/')) return METALLB_RESOURCE_WAVE;
  const wave = WAVE_BY_KIND[kind];
  if (wave === undefined) {
    throw new Error(`no Argo CD sync wave is defined for kind ${kind} (${apiVersion}); add it to WAVE_BY_KIND in constructs/gitops/annotations.ts`);
  }
  return wave;
}

/** Every API object that a chart will write, in construct order. */
export function apiObjectsOf(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((construct): construct is ApiObject => ApiObject.isApiObject(construct));
}

/**
 * Adds the delivery annotations to every object of the given workload charts:
 * - a sync wave on each object;
 * - on Namespaces, prune protection for both tools, because pruning a Namespace deletes everything in it;
 * - on MetalLB's webhook certificate Secret, Flux's `IfNotPresent` apply policy, so Flux creates the empty Secret
 *   once and then leaves the data that the controller's certificate rotator writes alone.
 */
export function addDeliveryAnnotations(charts: readonly Chart[]): void {
  for (const chart of charts) {
    for (const object of apiObjectsOf(chart)) {
      object.metadata.addAnnotation(SYNC_WAVE, String(syncWaveOf(object.apiVersion, object.kind)));
      if (object.kind === 'Namespace') {
        object.metadata.addAnnotation(ARGOCD_SYNC_OPTIONS, 'Prune=false');
        object.metadata.addAnnotation(FLUX_PRUNE, 'disabled');
      }
      if (object.kind === 'Secret' && object.name === METALLB_NAMES.webhookCertSecret) {
        object.metadata.addAnnotation(FLUX_SSA, 'IfNotPresent');
      }
    }
  }
}
