import { k8s } from '../k8s';
import { Construct } from 'constructs';
import { WEBHOOK_SERVER_PORT } from './controller';
import { METALLB_NAMES } from './names';

export interface MetallbWebhookProps {
  readonly namespace: string;
}

interface WebhookRule {
  readonly name: string;
  readonly resource: string;
  readonly version: string;
  readonly kind: string;
  readonly operations: string[];
}

// One validating webhook per MetalLB kind. The path is controller-runtime's generated one, derived from group,
// version and kind; the controller serves exactly these paths.
const WEBHOOKS: WebhookRule[] = [
  { name: 'bgppeersvalidationwebhook', resource: 'bgppeers', version: 'v1beta2', kind: 'bgppeer', operations: ['CREATE', 'UPDATE'] },
  { name: 'bfdprofilevalidationwebhook', resource: 'bfdprofiles', version: 'v1beta1', kind: 'bfdprofile', operations: ['CREATE', 'DELETE'] },
  { name: 'bgpadvertisementvalidationwebhook', resource: 'bgpadvertisements', version: 'v1beta1', kind: 'bgpadvertisement', operations: ['CREATE', 'UPDATE'] },
  { name: 'communityvalidationwebhook', resource: 'communities', version: 'v1beta1', kind: 'community', operations: ['CREATE', 'UPDATE'] },
  { name: 'ipaddresspoolvalidationwebhook', resource: 'ipaddresspools', version: 'v1beta1', kind: 'ipaddresspool', operations: ['CREATE', 'UPDATE'] },
  { name: 'l2advertisementvalidationwebhook', resource: 'l2advertisements', version: 'v1beta1', kind: 'l2advertisement', operations: ['CREATE', 'UPDATE'] },
];

/**
 * The webhook Service, the ValidatingWebhookConfiguration and the webhook certificate Secret.
 *
 * The controller's certificate rotator fills the Secret's data and every `caBundle` at run time, so the desired
 * state carries neither: an empty Secret and no `caBundle` key at all. Writing them would make GitOps fight the
 * controller forever.
 */
export class MetallbWebhook extends Construct {
  constructor(scope: Construct, id: string, props: MetallbWebhookProps) {
    super(scope, id);
    const { namespace } = props;

    new k8s.KubeSecret(this, 'cert', { metadata: { name: METALLB_NAMES.webhookCertSecret, namespace } });

    new k8s.KubeService(this, 'service', {
      metadata: { name: METALLB_NAMES.webhookService, namespace },
      spec: {
        ports: [{ port: 443, targetPort: k8s.IntOrString.fromNumber(WEBHOOK_SERVER_PORT), protocol: 'TCP' }],
        selector: { component: 'controller' },
      },
    });

    new k8s.KubeValidatingWebhookConfiguration(this, 'configuration', {
      metadata: { name: METALLB_NAMES.webhookConfiguration },
      webhooks: WEBHOOKS.map((webhook) => ({
        name: `${webhook.name}.metallb.io`,
        admissionReviewVersions: ['v1'],
        clientConfig: {
          service: {
            name: METALLB_NAMES.webhookService,
            namespace,
            path: `/validate-metallb-io-${webhook.version}-${webhook.kind}`,
          },
        },
        failurePolicy: 'Fail',
        sideEffects: 'None',
        rules: [
          {
            apiGroups: ['metallb.io'],
            apiVersions: [webhook.version],
            operations: webhook.operations,
            resources: [webhook.resource],
          },
        ],
      })),
    });
  }
}
