import { clusters } from '../clusters';
import { CONFIG_CHECKSUM_ANNOTATION } from '../constructs/node-bootstrap/node-bootstrap';
import { synthCluster, withChange } from './helpers/synth';

function bootstrapDaemonSet(spec: (typeof clusters)[number]) {
  return synthCluster(spec).find('DaemonSet', 'containerd-custom-bootstrap');
}

describe.each(clusters.map((spec) => [spec.name, spec] as const))('node bootstrap of %s', (_name, spec) => {
  const result = synthCluster(spec);
  const daemonSet = result.find('DaemonSet', 'containerd-custom-bootstrap');
  const pod = daemonSet.spec.template.spec;
  const container = pod.containers[0];

  test('hostPID and privileged', () => {
    expect(pod.hostPID).toBe(true);
    expect(pod.hostPid).toBeUndefined();
    expect(container.securityContext).toEqual({ privileged: true, allowPrivilegeEscalation: true, runAsUser: 0 });
  });

  test('runs on every node of the architecture', () => {
    expect(pod.nodeSelector['kubernetes.io/arch']).toBe(spec.nodeArch);
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  test('no service account token', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('config ConfigMap mounted as a directory', () => {
    for (const mount of container.volumeMounts) expect(mount.subPath).toBeUndefined();
    const configVolume = pod.volumes.find((v: any) => v.name === 'config');
    expect(configVolume.configMap.name).toBe('containerd-custom-config');
    expect(configVolume.configMap.items.map((i: any) => i.path)).toContain('config.toml');
  });

  test('host config directory from the spec', () => {
    const hostVolume = pod.volumes.find((v: any) => v.hostPath);
    expect(hostVolume.hostPath).toEqual({ path: spec.containerdCustom.configDir, type: 'DirectoryOrCreate' });
    expect(pod.volumes.filter((v: any) => v.hostPath)).toHaveLength(1);
  });

  test('script settings come from the spec', () => {
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
    expect(env.UNIT).toBe(spec.containerdCustom.unitName);
    expect(env.CONFIG_DIR).toBe(spec.containerdCustom.configDir);
    expect(env.CONTAINERD_BIN).toBe(spec.containerdCustom.binaryPath);
    expect(env.GRPC_ADDRESS).toBe(spec.containerdCustom.grpcAddress);
  });

  test('rolls one node at a time and reports readiness', () => {
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
    expect(container.readinessProbe.exec.command).toEqual(['test', '-f', '/tmp/containerd-custom-ready']);
  });

  test('namespace allows privileged pods', () => {
    const namespace = result.find('Namespace', spec.nodeBootstrap.namespace);
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('snapshot', () => {
    expect(result.byChart['node-bootstrap'].filter((m) => m.kind !== 'ConfigMap')).toMatchSnapshot();
  });
});

describe('config checksum annotation', () => {
  const base = clusters[0];
  const checksumOf = (spec: typeof base) => bootstrapDaemonSet(spec).spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];

  test('is a SHA-256', () => {
    expect(checksumOf(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('changes when a mirror changes', () => {
    const changed = withChange(base, (s) => {
      s.containerdCustom.registryMirrors['my.registry.local'] = ['https://mirror2.registry.local'];
    });
    expect(checksumOf(changed)).not.toBe(checksumOf(base));
  });

  test('changes when a mirror is added', () => {
    const changed = withChange(base, (s) => {
      s.containerdCustom.registryMirrors['docker.io'] = ['https://my.registry.local'];
    });
    expect(checksumOf(changed)).not.toBe(checksumOf(base));
  });

  test('stays when nothing changes', () => {
    expect(checksumOf(withChange(base, () => undefined))).toBe(checksumOf(base));
  });
});
