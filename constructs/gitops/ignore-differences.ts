import { METALLB_NAMES } from '../metallb/names';
import { Manifest } from '../validation/manifest-checks';

/** One entry of an Argo CD Application's `spec.ignoreDifferences`. */
export interface IgnoreDifference {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly jsonPointers?: readonly string[];
  readonly jqPathExpressions?: readonly string[];
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/**
 * Lists the fields that a controller fills in at run time on the given objects, scoped by name, for Argo CD to
 * leave alone. The desired state never carries these fields, so without these entries Argo CD would report the
 * objects OutOfSync forever and, with self-heal, strip what the controller wrote:
 * - `caBundle` of a CRD conversion webhook and of every webhook of a webhook configuration (cert rotators inject it);
 * - the data of MetalLB's webhook certificate Secret, which the MetalLB controller generates.
 */
export function controllerFilledFields(manifests: readonly Manifest[]): IgnoreDifference[] {
  const entries: IgnoreDifference[] = [];
  for (const manifest of manifests) {
    const base: IgnoreDifference = {
      group: groupOf(manifest.apiVersion),
      kind: manifest.kind,
      name: manifest.metadata.name ?? '',
      ...(manifest.metadata.namespace ? { namespace: manifest.metadata.namespace } : {}),
    };
    if (manifest.kind === 'CustomResourceDefinition' && manifest.spec?.conversion?.strategy === 'Webhook') {
      entries.push({ ...base, jsonPointers: ['/spec/conversion/webhook/clientConfig/caBundle'] });
    }
    if (manifest.kind === 'ValidatingWebhookConfiguration' || manifest.kind === 'MutatingWebhookConfiguration') {
      entries.push({ ...base, jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] });
    }
    if (manifest.kind === 'Secret' && manifest.metadata.name === METALLB_NAMES.webhookCertSecret) {
      entries.push({ ...base, jsonPointers: ['/data'] });
    }
  }
  return entries;
}
