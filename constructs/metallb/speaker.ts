import { join } from 'node:path';
import { k8s } from '../k8s';
import { ScriptConfigMap } from '../script-config-map';
import { Construct } from 'constructs';
import { labelSelectorString, METALLB_NAMES, podLabels } from './names';
import { linuxArchNodeSelector, metricsProbe, MONITORING_PORT_NAME, prometheusAnnotations } from './pod-parts';

export interface MetallbSpeakerProps {
  readonly namespace: string;
  readonly image: string;
  /** Image of the port preflight init container: a shell with awk, built for the node architecture. */
  readonly preflightImage: string;
  readonly nodeArch: string;
  readonly logLevel: string;
  /** memberlist bind port, TCP and UDP. */
  readonly memberlistPort: number;
  readonly monitoringPort: number;
}

const MEMBERLIST_KEY_PATH = '/etc/ml_secret_key';
const PREFLIGHT_SCRIPT = 'preflight-ports.sh';
const PREFLIGHT_CONFIG_MAP = 'speaker-preflight';
const PREFLIGHT_MOUNT = '/preflight';
// UID of the unprivileged user `nobody` in busybox images: reading /proc/net needs no privilege.
const PREFLIGHT_USER = 65534;

/** Annotation on the speaker pod template that carries the SHA-256 of the preflight script. */
export const PREFLIGHT_CHECKSUM_ANNOTATION = 'checksum/preflight';

/**
 * Builds the init container that fails the speaker pod, with a message naming the port and the node, when another process
 * already binds the memberlist port (TCP or UDP) or the monitoring port on the node. Because the pod uses
 * hostNetwork, the container reads the node's socket tables in /proc/net.
 */
function preflightContainer(image: string, memberlistPort: number, monitoringPort: number): k8s.Container {
  const checks = [
    `metallb.memberlistPort=${memberlistPort}/TCP`,
    `metallb.memberlistPort=${memberlistPort}/UDP`,
    `metallb.monitoringPort=${monitoringPort}/TCP`,
  ];
  return {
    name: 'preflight-ports',
    image,
    command: ['/bin/sh', `${PREFLIGHT_MOUNT}/${PREFLIGHT_SCRIPT}`],
    env: [
      { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'PORT_CHECKS', value: checks.join(' ') },
    ],
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: PREFLIGHT_USER,
      runAsGroup: PREFLIGHT_USER,
      capabilities: { drop: ['ALL'] },
    },
    resources: {
      requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('8Mi') },
      limits: { memory: k8s.Quantity.fromString('32Mi') },
    },
    volumeMounts: [{ name: 'preflight', mountPath: PREFLIGHT_MOUNT, readOnly: true }],
  };
}

// Interfaces MetalLB never announces from in layer 2 mode: container bridges, tunnels and loopback.
const EXCLUDED_L2_INTERFACES = [
  '^docker.*', '^cbr.*', '^dummy.*', '^virbr.*', '^lxcbr.*', '^veth.*', '^lo$',
  '^cali.*', '^tunl.*', '^flannel.*', '^kube-ipvs.*', '^cni.*', '^nodelocaldns.*',
];

/**
 * The speaker DaemonSet, its layer 2 interface-exclusion ConfigMap and the ConfigMap of its port preflight.
 *
 * The speaker runs with hostNetwork, so its memberlist binds the node's address directly. The bind port comes
 * from `memberlistPort` alone: it sets `METALLB_ML_BIND_PORT`, the `--ml-bindport` flag (which wins over the
 * variable) and both memberlist container ports. hostPort is left unset: on Kubernetes 1.28 and later the API
 * server fills it in on the Pods (equal to containerPort), not in the DaemonSet template, so GitOps reports no drift.
 */
export class MetallbSpeaker extends Construct {
  constructor(scope: Construct, id: string, props: MetallbSpeakerProps) {
    super(scope, id);
    const { namespace, memberlistPort, monitoringPort } = props;
    const labels = podLabels('speaker');

    const preflight = new ScriptConfigMap(this, 'preflight', {
      name: PREFLIGHT_CONFIG_MAP,
      namespace,
      scriptPath: join(__dirname, 'scripts', PREFLIGHT_SCRIPT),
    });
    const annotations = {
      ...prometheusAnnotations(monitoringPort),
      [PREFLIGHT_CHECKSUM_ANNOTATION]: preflight.checksum,
    };

    new k8s.KubeConfigMap(this, 'excludel2', {
      metadata: { name: METALLB_NAMES.excludeL2ConfigMap, namespace },
      data: {
        'excludel2.yaml': `announcedInterfacesToExclude: ${JSON.stringify(EXCLUDED_L2_INTERFACES)}\n`,
      },
    });

    const env: k8s.EnvVar[] = [
      { name: 'METALLB_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'METALLB_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'METALLB_HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      { name: 'METALLB_ML_BIND_ADDR', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'METALLB_ML_BIND_PORT', value: String(memberlistPort) },
      { name: 'METALLB_ML_LABELS', value: labelSelectorString(labels) },
      { name: 'METALLB_ML_SECRET_KEY_PATH', value: MEMBERLIST_KEY_PATH },
    ];

    new k8s.KubeDaemonSet(this, 'daemonset', {
      metadata: { name: METALLB_NAMES.speaker, namespace, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels, annotations },
          spec: {
            hostNetwork: true,
            serviceAccountName: METALLB_NAMES.speaker,
            terminationGracePeriodSeconds: 2,
            nodeSelector: linuxArchNodeSelector(props.nodeArch),
            tolerations: ['node-role.kubernetes.io/master', 'node-role.kubernetes.io/control-plane'].map((key) => ({
              key,
              operator: 'Exists',
              effect: 'NoSchedule',
            })),
            initContainers: [preflightContainer(props.preflightImage, memberlistPort, monitoringPort)],
            containers: [
              {
                name: 'speaker',
                image: props.image,
                args: [`--port=${monitoringPort}`, `--log-level=${props.logLevel}`, `--ml-bindport=${memberlistPort}`],
                env,
                ports: [
                  { name: MONITORING_PORT_NAME, containerPort: monitoringPort, protocol: 'TCP' },
                  { name: 'memberlist-tcp', containerPort: memberlistPort, protocol: 'TCP' },
                  { name: 'memberlist-udp', containerPort: memberlistPort, protocol: 'UDP' },
                ],
                livenessProbe: metricsProbe(),
                readinessProbe: metricsProbe(),
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { add: ['NET_RAW'], drop: ['ALL'] },
                },
                volumeMounts: [
                  { name: 'memberlist', mountPath: MEMBERLIST_KEY_PATH, readOnly: true },
                  { name: 'metallb-excludel2', mountPath: '/etc/metallb', readOnly: true },
                ],
              },
            ],
            volumes: [
              // The controller creates this Secret at start; speakers wait in ContainerCreating until it exists.
              { name: 'memberlist', secret: { secretName: METALLB_NAMES.memberlistSecret, defaultMode: 0o644 } },
              {
                name: 'metallb-excludel2',
                configMap: { name: METALLB_NAMES.excludeL2ConfigMap, defaultMode: 0o400 },
              },
              { name: 'preflight', configMap: { name: PREFLIGHT_CONFIG_MAP, defaultMode: 0o444 } },
            ],
          },
        },
      },
    });
  }
}
