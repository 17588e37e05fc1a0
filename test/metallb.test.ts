import { clusters } from '../clusters';
import { checkHostNetworkPorts, podSpecOf } from '../constructs/validation/manifest-checks';
import { findKey, synthCluster, withChange } from './helpers/synth';

describe.each(clusters.map((spec) => [spec.name, spec] as const))('MetalLB of %s', (_name, spec) => {
  const result = synthCluster(spec);
  const speaker = result.find('DaemonSet', 'speaker');
  const speakerContainer = speaker.spec.template.spec.containers[0];
  const port = spec.metallb.memberlistPort;

  test('speaker bind port flag and env', () => {
    expect(speakerContainer.args).toContain(`--ml-bindport=${port}`);
    const env = speakerContainer.env.find((e: any) => e.name === 'METALLB_ML_BIND_PORT');
    expect(env).toEqual({ name: 'METALLB_ML_BIND_PORT', value: String(port) });
  });

  test('speaker memberlist ports TCP and UDP', () => {
    const ports = speakerContainer.ports;
    expect(ports.find((p: any) => p.name === 'memberlist-tcp')).toEqual({ name: 'memberlist-tcp', containerPort: port, protocol: 'TCP' });
    expect(ports.find((p: any) => p.name === 'memberlist-udp')).toEqual({ name: 'memberlist-udp', containerPort: port, protocol: 'UDP' });
  });

  test('speaker hostPorts equal containerPorts', () => {
    expect(speaker.spec.template.spec.hostNetwork).toBe(true);
    for (const p of speakerContainer.ports) {
      if (p.hostPort !== undefined) expect(p.hostPort).toBe(p.containerPort);
    }
  });

  test('speaker never mentions 7946', () => {
    expect(JSON.stringify(speaker)).not.toContain('7946');
  });

  test('monitoring port feeds flag, port and annotation', () => {
    const monitoring = spec.metallb.monitoringPort;
    expect(speakerContainer.args).toContain(`--port=${monitoring}`);
    expect(speakerContainer.ports[0]).toEqual({ name: 'monitoring', containerPort: monitoring, protocol: 'TCP' });
    expect(speaker.spec.template.metadata.annotations['prometheus.io/port']).toBe(String(monitoring));
  });

  test('memberlist label selector matches speaker pod labels', () => {
    const selector = speakerContainer.env.find((e: any) => e.name === 'METALLB_ML_LABELS').value as string;
    const labels = speaker.spec.template.metadata.labels;
    for (const pair of selector.split(',')) {
      const [key, value] = pair.split('=');
      expect(labels[key]).toBe(value);
    }
  });

  test('every hostNetwork pod has hostPort unset or equal', () => {
    expect(checkHostNetworkPorts(result.all)).toEqual([]);
  });

  test('every container port states its protocol', () => {
    for (const manifest of result.all) {
      const pod = podSpecOf(manifest);
      for (const container of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) {
        for (const p of container.ports ?? []) expect(p.protocol).toMatch(/^(TCP|UDP|SCTP)$/);
      }
    }
  });

  test('workloads pinned to the node architecture', () => {
    for (const kind of ['DaemonSet', 'Deployment']) {
      for (const manifest of result.all.filter((m) => m.kind === kind)) {
        expect(podSpecOf(manifest)?.nodeSelector['kubernetes.io/arch']).toBe(spec.nodeArch);
      }
    }
  });

  test('no caBundle, status or creationTimestamp', () => {
    expect(findKey(result.all, 'caBundle')).toEqual([]);
    expect(findKey(result.all, 'creationTimestamp')).toEqual([]);
    expect(result.all.filter((m: any) => 'status' in m)).toEqual([]);
  });

  test('webhook cert Secret carries no data', () => {
    const secret = result.find('Secret', 'metallb-webhook-cert');
    expect(secret.data).toBeUndefined();
    expect(secret.stringData).toBeUndefined();
  });

  test('cluster-scoped objects carry no namespace', () => {
    const clusterScoped = ['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration'];
    for (const manifest of result.all.filter((m) => clusterScoped.includes(m.kind))) {
      expect(manifest.metadata.namespace).toBeUndefined();
    }
  });

  test('address pools and advertisements from the spec', () => {
    for (const pool of spec.metallb.addressPools) {
      expect(result.find('IPAddressPool', pool.name).spec.addresses).toEqual(pool.addresses);
      expect(result.find('L2Advertisement', pool.name).spec.ipAddressPools).toEqual([pool.name]);
    }
  });

  test('snapshot', () => {
    expect(result.byChart.metallb).toMatchSnapshot();
    expect(result.byChart['metallb-config']).toMatchSnapshot();
  });
});

describe('memberlist port', () => {
  test('one value moves every place', () => {
    const spec = withChange(clusters[0], (s) => (s.metallb.memberlistPort = 17000));
    const container = synthCluster(spec).find('DaemonSet', 'speaker').spec.template.spec.containers[0];
    expect(container.args).toContain('--ml-bindport=17000');
    expect(container.env).toContainEqual({ name: 'METALLB_ML_BIND_PORT', value: '17000' });
    expect(container.ports.filter((p: any) => p.containerPort === 17000).map((p: any) => p.protocol)).toEqual(['TCP', 'UDP']);
  });
});

describe('host network check', () => {
  test('reports hostPort differing from containerPort', () => {
    const pod = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'speaker', namespace: 'metallb-system' },
      spec: { template: { spec: { hostNetwork: true, containers: [{ name: 'speaker', ports: [{ name: 'memberlist-tcp', containerPort: 7946, hostPort: 7947, protocol: 'TCP' }] }] } } },
    };
    expect(checkHostNetworkPorts([pod])).toEqual([
      'DaemonSet metallb-system/speaker container speaker port memberlist-tcp: hostPort 7947 differs from containerPort 7946; with hostNetwork the API server rejects that, so derive both from one value',
    ]);
  });

  test('reports two workloads on one host port', () => {
    const workload = (name: string) => ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name, namespace: 'ns' },
      spec: { template: { spec: { hostNetwork: true, containers: [{ name: 'c', ports: [{ containerPort: 9100, protocol: 'TCP' }] }] } } },
    });
    expect(checkHostNetworkPorts([workload('a'), workload('b')])).toEqual([
      'DaemonSet ns/b container c port 9100: host port 9100/TCP is also claimed by DaemonSet ns/a container c port 9100',
    ]);
  });
});
