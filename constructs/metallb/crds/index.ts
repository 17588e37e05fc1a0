import { bfdProfilesCrd } from './bfdprofiles';
import { bgpAdvertisementsCrd } from './bgpadvertisements';
import { bgpPeersCrd } from './bgppeers';
import { CustomResourceDefinitionManifest } from './builder';
import { communitiesCrd } from './communities';
import { ipAddressPoolsCrd } from './ipaddresspools';
import { l2AdvertisementsCrd } from './l2advertisements';
import { serviceBgpStatusesCrd } from './servicebgpstatuses';
import { serviceL2StatusesCrd } from './servicel2statuses';

export type {
  CustomResourceConversion,
  CustomResourceDefinitionManifest,
  CustomResourceDefinitionSpec,
  CustomResourceDefinitionVersion,
  JsonSchemaProps,
  PrinterColumn,
  ValidationRule,
} from './builder';

export interface MetallbCrdOptions {
  /** Namespace of the webhook Service that serves bgppeers conversion. */
  readonly namespace: string;
  /** Name of that Service. */
  readonly webhookServiceName: string;
}

// Namespaces are RFC 1123 labels. Service names are RFC 1035 labels, which must also start with a letter.
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const MAX_LABEL_LENGTH = 63;

function validateLabel(field: string, value: string, pattern: RegExp, rule: string): void {
  if (value.length > MAX_LABEL_LENGTH || !pattern.test(value)) {
    throw new Error(
      `Invalid MetalLB CRD option ${field} ${JSON.stringify(value)}: expected ${rule} of at most ${MAX_LABEL_LENGTH} characters.`,
    );
  }
}

/**
 * Builds the MetalLB v0.15.2 CustomResourceDefinitions as plain JSON manifests with Kubernetes field
 * names (apiVersion, kind, metadata, spec), in the upstream order bfdprofiles, bgpadvertisements,
 * bgppeers, communities, ipaddresspools, l2advertisements, servicebgpstatuses, servicel2statuses.
 * Each call returns new objects. Throws when an option is not a valid Kubernetes name.
 */
export function metallbCustomResourceDefinitions(options: MetallbCrdOptions): CustomResourceDefinitionManifest[] {
  validateLabel('namespace', options.namespace, DNS1123_LABEL, 'a lowercase RFC 1123 label');
  validateLabel(
    'webhookServiceName',
    options.webhookServiceName,
    DNS1035_LABEL,
    'a lowercase RFC 1035 label starting with a letter',
  );

  return [
    bfdProfilesCrd(),
    bgpAdvertisementsCrd(),
    bgpPeersCrd({ namespace: options.namespace, name: options.webhookServiceName }),
    communitiesCrd(),
    ipAddressPoolsCrd(),
    l2AdvertisementsCrd(),
    serviceBgpStatusesCrd(),
    serviceL2StatusesCrd(),
  ];
}
