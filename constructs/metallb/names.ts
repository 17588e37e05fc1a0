/** MetalLB release whose objects, flags and RBAC these constructs reproduce. */
export const METALLB_VERSION = 'v0.15.2';

/**
 * Object names the MetalLB binaries look up by name at run time. Changing one of these without the matching
 * flag breaks the install, so they are fixed rather than configurable.
 */
export const METALLB_NAMES = {
  controller: 'controller',
  speaker: 'speaker',
  speakerRole: 'pod-lister',
  controllerClusterRole: 'metallb-system:controller',
  speakerClusterRole: 'metallb-system:speaker',
  memberlistSecret: 'memberlist',
  webhookCertSecret: 'metallb-webhook-cert',
  webhookService: 'metallb-webhook-service',
  webhookConfiguration: 'metallb-webhook-configuration',
  excludeL2ConfigMap: 'metallb-excludel2',
} as const;

/** Labels on every MetalLB pod; `METALLB_ML_LABELS` lists the speaker's as the memberlist peer selector. */
export function podLabels(component: 'controller' | 'speaker'): Record<string, string> {
  return { app: 'metallb', component };
}

/** Builds the label selector string speakers use to find their memberlist peers. */
export function labelSelectorString(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
