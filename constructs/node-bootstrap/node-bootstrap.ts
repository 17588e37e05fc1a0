import { join } from 'node:path';
import { k8s } from '../k8s';
import { ScriptConfigMap } from '../script-config-map';
import { Construct } from 'constructs';
import { ContainerdCustomSpec } from '../../clusters/types';
import { ContainerdCustomConfigMap } from '../containerd-custom/config-map';

export interface NodeBootstrapProps {
  readonly namespace: string;
  readonly image: string;
  readonly nodeArch: string;
  readonly containerdCustom: ContainerdCustomSpec;
  readonly checkIntervalSeconds: number;
}

const SCRIPT_NAME = 'install-containerd-custom.sh';
const CONFIG_MOUNT = '/config';
const SCRIPTS_MOUNT = '/scripts';
const HOST_MOUNT = '/host';
const STATUS_MOUNT = '/run/bootstrap';
const READY_FILE = `${STATUS_MOUNT}/ready`;

/** Annotation on the pod template that carries the SHA-256 of all containerd-custom files. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/containerd-custom';
/** Annotation on the pod template that carries the SHA-256 of the node-side script. */
export const SCRIPT_CHECKSUM_ANNOTATION = 'checksum/scripts';

/** Returns the directory of `path` on the host (`/usr/bin` for `/usr/bin/containerd`). */
function dirnameOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

/**
 * The DaemonSet that installs containerd-custom's config on every node of the cluster's architecture and restarts
 * the unit when, and only when, the config changed. `scripts/install-containerd-custom.sh` describes the steps on
 * the node and the files it keeps there (`.last-good/` contains the config from before the last install).
 *
 * Privileges, each the minimum for one step of the script:
 * - `hostPID`: the host's PID 1 must be visible, because `nsenter --target 1 --mount` joins its mount namespace.
 *   The host's own `containerd` binary checks the new config there, and the host's `systemctl` and `ctr` restart
 *   and probe the unit, so the image needs none of them.
 * - `privileged`, as root: joining the host's mount namespace needs CAP_SYS_ADMIN and CAP_SYS_CHROOT, opening
 *   PID 1's namespace file needs CAP_SYS_PTRACE, and `systemctl restart` needs root on the host's systemd.
 *   NOTE: those three capabilities with Unconfined seccomp and AppArmor might replace `privileged`; that has not
 *   been tried on the nodes.
 * - One hostPath, the config directory, read-write: the new files are written there next to the live ones, so
 *   each install is a rename within one file system. No other host path is mounted, and the container's root file
 *   system is read-only.
 * - `automountServiceAccountToken: false`: the script never calls the Kubernetes API.
 *
 * Rollout safety: the pod becomes ready only after the unit is active and its socket responds, and the DaemonSet
 * replaces one pod at a time (RollingUpdate, maxUnavailable 1), so a config that fails on the first node leaves
 * that pod failing and stops the rollout there.
 */
export class NodeBootstrap extends Construct {
  public readonly config: ContainerdCustomConfigMap;

  constructor(scope: Construct, id: string, props: NodeBootstrapProps) {
    super(scope, id);
    const { namespace, containerdCustom } = props;
    const labels = { 'app.kubernetes.io/name': 'containerd-custom-bootstrap', 'app.kubernetes.io/component': 'node-bootstrap' };

    // The pod needs the privileged level because of hostPID, privileged and hostPath, and the namespace contains
    // nothing but this DaemonSet. audit and warn keep the cluster's default level, so the audit log still records
    // the pod.
    new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: namespace,
        labels: { 'pod-security.kubernetes.io/enforce': 'privileged' },
      },
    });

    this.config = new ContainerdCustomConfigMap(this, 'containerd-config', { namespace, spec: containerdCustom });

    const scripts = new ScriptConfigMap(this, 'scripts', {
      name: 'containerd-custom-bootstrap-scripts',
      namespace,
      scriptPath: join(__dirname, 'scripts', SCRIPT_NAME),
    });

    const env: Record<string, string> = {
      CONFIG_SOURCE: CONFIG_MOUNT,
      HOST_ROOT: HOST_MOUNT,
      CONFIG_DIR: containerdCustom.configDir,
      UNIT: containerdCustom.unitName,
      CONTAINERD_BIN: containerdCustom.binaryPath,
      CTR_BIN: `${dirnameOf(containerdCustom.binaryPath)}/ctr`,
      GRPC_ADDRESS: containerdCustom.grpcAddress,
      READY_FILE,
      CHECK_INTERVAL: String(props.checkIntervalSeconds),
    };

    new k8s.KubeDaemonSet(this, 'daemonset', {
      metadata: { name: 'containerd-custom-bootstrap', namespace, labels },
      spec: {
        selector: { matchLabels: labels },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        template: {
          metadata: {
            labels,
            annotations: {
              [CONFIG_CHECKSUM_ANNOTATION]: this.config.checksum,
              [SCRIPT_CHECKSUM_ANNOTATION]: scripts.checksum,
            },
          },
          spec: {
            hostPid: true,
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: 5,
            nodeSelector: { 'kubernetes.io/arch': props.nodeArch, 'kubernetes.io/os': 'linux' },
            // Every node of the architecture runs containerd-custom, tainted or not.
            tolerations: [{ operator: 'Exists' }],
            containers: [
              {
                name: 'install',
                image: props.image,
                command: ['/bin/sh', `${SCRIPTS_MOUNT}/${SCRIPT_NAME}`],
                env: Object.entries(env).map(([name, value]) => ({ name, value })),
                securityContext: { privileged: true, allowPrivilegeEscalation: true, runAsUser: 0, readOnlyRootFilesystem: true },
                readinessProbe: {
                  exec: { command: ['test', '-f', READY_FILE] },
                  periodSeconds: 10,
                  failureThreshold: 1,
                },
                resources: {
                  requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') },
                  limits: { memory: k8s.Quantity.fromString('64Mi') },
                },
                volumeMounts: [
                  { name: 'config', mountPath: CONFIG_MOUNT, readOnly: true },
                  { name: 'scripts', mountPath: SCRIPTS_MOUNT, readOnly: true },
                  { name: 'host-config-dir', mountPath: `${HOST_MOUNT}${containerdCustom.configDir}` },
                  { name: 'status', mountPath: STATUS_MOUNT },
                ],
              },
            ],
            volumes: [
              // Mounted as a directory, never with subPath: subPath mounts do not follow ConfigMap updates.
              { name: 'config', configMap: { name: this.config.name, items: this.config.volumeItems() } },
              { name: 'scripts', configMap: { name: scripts.name, defaultMode: 0o555 } },
              { name: 'host-config-dir', hostPath: { path: containerdCustom.configDir, type: 'DirectoryOrCreate' } },
              // Contains only the readiness file, because the root file system is read-only.
              { name: 'status', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } },
            ],
          },
        },
      },
    });
  }
}
