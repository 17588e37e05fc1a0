import { ClusterSpec } from './types';

/**
 * The production cluster: Kubernetes 1.29 on LoongArch (loong64) nodes. dockerd listens on 7946 on every node, so the
 * MetalLB memberlist moves to 7947, and a second containerd (`containerd-custom`) runs beside the system one.
 */
export const loongarchProd: ClusterSpec = {
  name: 'loongarch-prod',
  kubernetesVersion: '1.29',
  nodeArch: 'loong64',

  reservedHostPorts: [
    { port: 7946, protocol: 'TCP', owner: 'dockerd' },
    { port: 7946, protocol: 'UDP', owner: 'dockerd' },
    { port: 2377, protocol: 'TCP', owner: 'Docker Swarm' },
    { port: 4789, protocol: 'UDP', owner: 'Docker Swarm' },
    { port: 10250, protocol: 'TCP', owner: 'kubelet' },
  ],

  // The upstream MetalLB and busybox images have no linux/loong64 variant; these are the cluster's own builds.
  images: {
    metallbController: 'my.registry.local/loong64/metallb-controller:v0.15.2',
    metallbSpeaker: 'my.registry.local/loong64/metallb-speaker:v0.15.2',
    nodeBootstrap: 'my.registry.local/loong64/busybox:1.36',
    preflight: 'my.registry.local/loong64/busybox:1.36',
  },

  metallb: {
    namespace: 'metallb-system',
    memberlistPort: 7947,
    monitoringPort: 7472,
    logLevel: 'info',
    addressPools: [
      // EXAMPLE: edit before the first sync. A range of free addresses in the node subnet (10.130.0.0/24).
      { name: 'default', addresses: ['10.130.0.200-10.130.0.220'] },
    ],
  },

  containerdCustom: {
    // Config version 2 is read by containerd 1.6 and 1.7 and migrated on load by 2.x. Check the containerd
    // version on the nodes: Kubernetes 1.29 needs 1.6.27+ or 1.7.11+; use 3 once every node runs 2.x.
    configVersion: 2,
    unitName: 'containerd-custom.service',
    binaryPath: '/usr/bin/containerd',
    configDir: '/etc/containerd-custom',
    root: '/var/lib/containerd-custom',
    state: '/run/containerd-custom',
    grpcAddress: '/run/containerd-custom/containerd.sock',
    ttrpcAddress: '/run/containerd-custom/containerd.sock.ttrpc',
    debugAddress: '/run/containerd-custom/debug.sock',
    metricsAddress: '127.0.0.1:11338',
    systemdCgroup: true,
    sandboxImage: 'my.registry.local/loong64/pause:3.9',
    // containerd's default.
    gcPauseThreshold: 0.02,
    // nriSocketPath unset: NRI stays off on this instance.
    registry: {
      mirrorForm: 'hosts',
      mirrors: [{ host: 'my.registry.local', endpoints: ['https://my.registry.local'] }],
    },
  },

  nodeBootstrap: {
    namespace: 'node-bootstrap',
    checkIntervalSeconds: 60,
  },

  // EXAMPLE: edit the repository URL and destination before the first sync; nothing contacts them at synth time.
  gitops: {
    repoURL: 'https://git.example.local/platform/loong-gitops-k8s.git',
    targetRevision: 'main',
    destinationServer: 'https://kubernetes.default.svc',
    argocd: { namespace: 'argocd', project: 'platform' },
    flux: { sourceName: 'flux-system', sourceNamespace: 'flux-system', interval: '10m', retryInterval: '1m', timeout: '5m' },
  },
};
