import { k8s } from '../k8s';
import { Construct } from 'constructs';
import { METALLB_NAMES, podLabels } from './names';
import { linuxArchNodeSelector, metricsProbe, MONITORING_PORT_NAME, prometheusAnnotations } from './pod-parts';

export interface MetallbControllerProps {
  readonly namespace: string;
  readonly image: string;
  readonly nodeArch: string;
  readonly logLevel: string;
  readonly monitoringPort: number;
}

/** Port the controller's admission and conversion webhook server listens on inside the pod. */
export const WEBHOOK_SERVER_PORT = 9443;

// controller-runtime's default certificate directory; the controller's cert rotator writes the Secret mounted here.
const WEBHOOK_CERT_DIR = '/tmp/k8s-webhook-server/serving-certs';

/** The MetalLB controller Deployment: address allocation, the webhooks and their certificate rotation. */
export class MetallbController extends Construct {
  constructor(scope: Construct, id: string, props: MetallbControllerProps) {
    super(scope, id);
    const labels = podLabels('controller');

    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: METALLB_NAMES.controller, namespace: props.namespace, labels },
      spec: {
        revisionHistoryLimit: 3,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels, annotations: prometheusAnnotations(props.monitoringPort) },
          spec: {
            serviceAccountName: METALLB_NAMES.controller,
            terminationGracePeriodSeconds: 0,
            nodeSelector: linuxArchNodeSelector(props.nodeArch),
            securityContext: { runAsNonRoot: true, runAsUser: 65534, fsGroup: 65534 },
            containers: [
              {
                name: 'controller',
                image: props.image,
                args: [
                  `--port=${props.monitoringPort}`,
                  `--log-level=${props.logLevel}`,
                  '--tls-min-version=VersionTLS12',
                ],
                env: [
                  // The controller creates this Secret, owned by its own Deployment, for the speakers' memberlist key.
                  { name: 'METALLB_ML_SECRET_NAME', value: METALLB_NAMES.memberlistSecret },
                  { name: 'METALLB_DEPLOYMENT', value: METALLB_NAMES.controller },
                ],
                ports: [
                  { name: MONITORING_PORT_NAME, containerPort: props.monitoringPort, protocol: 'TCP' },
                  { name: 'webhook-server', containerPort: WEBHOOK_SERVER_PORT, protocol: 'TCP' },
                ],
                livenessProbe: metricsProbe(),
                readinessProbe: metricsProbe(),
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['all'] },
                },
                volumeMounts: [{ name: 'cert', mountPath: WEBHOOK_CERT_DIR, readOnly: true }],
              },
            ],
            volumes: [{ name: 'cert', secret: { secretName: METALLB_NAMES.webhookCertSecret, defaultMode: 0o644 } }],
          },
        },
      },
    });
  }
}
