import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusters } from '../clusters';
import { CONFIG_CHECKSUM_ANNOTATION, SCRIPT_CHECKSUM_ANNOTATION } from '../constructs/node-bootstrap/node-bootstrap';
import { findKey, synthCluster, withChange } from './helpers/synth';

const SCRIPT = readFileSync(join(__dirname, '..', 'constructs/node-bootstrap/scripts/install-containerd-custom.sh'), 'utf8');

describe.each(clusters.map((spec) => [spec.name, spec] as const))('node bootstrap of %s', (_name, spec) => {
  const result = synthCluster(spec);
  const daemonSet = result.find('DaemonSet', 'containerd-custom-bootstrap');
  const pod = daemonSet.spec.template.spec;
  const container = pod.containers[0];
  const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));

  test('rolls one node at a time', () => {
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
  });

  test('readiness comes from the ready file', () => {
    expect(container.readinessProbe.exec.command).toEqual(['test', '-f', env.READY_FILE]);
  });

  test('paths, unit and socket from the spec', () => {
    const custom = spec.containerdCustom;
    expect(env.CONFIG_DIR).toBe(custom.configDir);
    expect(env.UNIT).toBe(custom.unitName);
    expect(env.CONTAINERD_BIN).toBe(custom.binaryPath);
    expect(env.GRPC_ADDRESS).toBe(custom.grpcAddress);
  });

  test('only the config directory from the host', () => {
    const hostPaths = pod.volumes.filter((v: any) => v.hostPath).map((v: any) => v.hostPath.path);
    expect(hostPaths).toEqual([spec.containerdCustom.configDir]);
    expect(findKey(daemonSet, 'hostNetwork')).toEqual([]);
    expect(findKey(daemonSet, 'hostIPC')).toEqual([]);
  });

  test('privileges as documented', () => {
    expect(pod.hostPID).toBe(true);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.securityContext).toEqual({
      privileged: true,
      allowPrivilegeEscalation: true,
      runAsUser: 0,
      readOnlyRootFilesystem: true,
    });
  });

  test('namespace enforces privileged only', () => {
    const namespace = result.find('Namespace', spec.nodeBootstrap.namespace);
    expect(namespace.metadata.labels).toEqual({ 'pod-security.kubernetes.io/enforce': 'privileged' });
  });

  test('scripts ConfigMap carries the script file', () => {
    const configMap = result.find('ConfigMap', 'containerd-custom-bootstrap-scripts');
    expect(configMap.data['install-containerd-custom.sh']).toBe(SCRIPT);
  });

  test('mirror change rolls the DaemonSet', () => {
    const changed = withChange(spec, (copy) => {
      copy.containerdCustom.registry.mirrors = [{ host: 'my.registry.local', endpoints: ['https://other-mirror.registry.local'] }];
    });
    const template = synthCluster(changed).find('DaemonSet', 'containerd-custom-bootstrap').spec.template;
    const annotations = daemonSet.spec.template.metadata.annotations;

    expect(template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION]).not.toBe(annotations[CONFIG_CHECKSUM_ANNOTATION]);
    expect(template.metadata.annotations[SCRIPT_CHECKSUM_ANNOTATION]).toBe(annotations[SCRIPT_CHECKSUM_ANNOTATION]);
  });

  test('runs on every node of the architecture', () => {
    expect(pod.nodeSelector['kubernetes.io/arch']).toBe(spec.nodeArch);
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  test('config ConfigMap mounted as a directory', () => {
    for (const mount of [...(pod.initContainers ?? []), ...pod.containers].flatMap((c: any) => c.volumeMounts ?? [])) {
      expect(mount.subPath).toBeUndefined();
    }
    const configVolume = pod.volumes.find((v: any) => v.configMap?.name === 'containerd-custom-config');
    expect(configVolume.configMap.items.map((i: any) => i.path)).toContain('config.toml');
  });

  test('snapshot', () => {
    expect(result.byChart['node-bootstrap'].filter((m) => m.kind !== 'ConfigMap')).toMatchSnapshot();
  });
});

describe('config checksum annotation', () => {
  const base = clusters[0];
  const checksumOf = (spec: typeof base) =>
    synthCluster(spec).find('DaemonSet', 'containerd-custom-bootstrap').spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];

  test('is a SHA-256', () => {
    expect(checksumOf(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('changes when a mirror is added', () => {
    const changed = withChange(base, (s) => {
      s.containerdCustom.registry.mirrors.push({ host: 'docker.io', endpoints: ['https://my.registry.local'] });
    });
    expect(checksumOf(changed)).not.toBe(checksumOf(base));
  });

  test('stays when nothing changes', () => {
    expect(checksumOf(withChange(base, () => undefined))).toBe(checksumOf(base));
  });
});
