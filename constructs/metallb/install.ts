import { ApiObject } from 'cdk8s';
import { k8s } from '../k8s';
import { Construct } from 'constructs';
import { MetallbController } from './controller';
import { metallbCustomResourceDefinitions } from './crds';
import { METALLB_NAMES } from './names';
import { MetallbRbac } from './rbac';
import { MetallbSpeaker } from './speaker';
import { MetallbWebhook } from './webhook';

export interface MetallbInstallProps {
  readonly namespace: string;
  readonly nodeArch: string;
  readonly controllerImage: string;
  readonly speakerImage: string;
  /** Image of the speaker's port preflight init container. */
  readonly preflightImage: string;
  readonly logLevel: string;
  readonly memberlistPort: number;
  readonly monitoringPort: number;
}

/**
 * Every object of the MetalLB native-mode install: namespace, CRDs, RBAC, webhook, controller and speaker. Address
 * pools are separate (`MetallbAddressPools`) because the webhook must be serving before they can be applied.
 */
export class MetallbInstall extends Construct {
  constructor(scope: Construct, id: string, props: MetallbInstallProps) {
    super(scope, id);
    const { namespace } = props;

    // The speaker needs hostNetwork and NET_RAW, which the baseline Pod Security level forbids.
    new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: namespace,
        labels: {
          'pod-security.kubernetes.io/audit': 'privileged',
          'pod-security.kubernetes.io/enforce': 'privileged',
          'pod-security.kubernetes.io/warn': 'privileged',
        },
      },
    });

    const crds = metallbCustomResourceDefinitions({ namespace, webhookServiceName: METALLB_NAMES.webhookService });
    for (const crd of crds) {
      new ApiObject(this, `crd-${crd.metadata.name}`, crd);
    }

    new MetallbRbac(this, 'rbac', { namespace });
    new MetallbWebhook(this, 'webhook', { namespace });

    new MetallbController(this, 'controller', {
      namespace,
      image: props.controllerImage,
      nodeArch: props.nodeArch,
      logLevel: props.logLevel,
      monitoringPort: props.monitoringPort,
    });

    new MetallbSpeaker(this, 'speaker', {
      namespace,
      image: props.speakerImage,
      preflightImage: props.preflightImage,
      nodeArch: props.nodeArch,
      logLevel: props.logLevel,
      memberlistPort: props.memberlistPort,
      monitoringPort: props.monitoringPort,
    });
  }
}
