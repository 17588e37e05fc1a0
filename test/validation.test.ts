import { clusters } from '../clusters';
import { validateClusterSpec } from '../constructs/validation/cluster-spec';
import { formatIssue } from '../constructs/validation/spec-issue';
import { withChange } from './helpers/synth';

const base = clusters[0];

/** Validates a changed copy of the field cluster and returns the formatted messages. */
function messagesFor(change: (spec: any) => void): string[] {
  const spec = withChange(base, change);
  return validateClusterSpec(spec).map((issue) => formatIssue(spec.name, issue));
}

describe('cluster spec validation', () => {
  test('every shipped cluster is valid', () => {
    for (const spec of clusters) expect(validateClusterSpec(spec)).toEqual([]);
  });

  test('memberlist on dockerd port 7946', () => {
    const messages = messagesFor((s) => (s.metallb.memberlistPort = 7946));
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('metallb.memberlistPort = 7946');
    expect(messages[0]).toContain('7946/TCP, already held by dockerd');
    expect(messages[1]).toContain('7946/UDP, already held by dockerd');
    expect(messages[0]).toContain('Fix: choose a port no host process uses');
  });

  test('monitoring port equal to memberlist port', () => {
    const messages = messagesFor((s) => (s.metallb.monitoringPort = 7947));
    expect(messages).toEqual([expect.stringContaining('metallb.monitoringPort = 7947: equals metallb.memberlistPort')]);
  });

  test('port out of range', () => {
    expect(messagesFor((s) => (s.metallb.memberlistPort = 70000))).toEqual([
      'loongarch-prod: metallb.memberlistPort = 70000: is not a port number. Fix: use a whole number from 1 to 65535.',
    ]);
  });

  test('SystemdCgroup given as a string', () => {
    expect(messagesFor((s) => (s.containerdCustom.systemdCgroup = 'true'))).toEqual([
      'loongarch-prod: containerdCustom.systemdCgroup = "true": is a string, not a boolean. Fix: write true or false without quotes.',
    ]);
  });

  test.each([
    ['root', '/var/lib/containerd'],
    ['state', '/run/containerd'],
    ['grpcAddress', '/run/containerd/containerd.sock'],
    ['configDir', '/etc/containerd'],
    ['unitName', 'containerd.service'],
  ])('system containerd %s rejected', (field, value) => {
    const messages = messagesFor((s) => (s.containerdCustom[field] = value));
    expect(messages).toContainEqual(expect.stringContaining(`containerdCustom.${field} = "${value}": is the system containerd's `));
  });

  test('root equal to state', () => {
    const messages = messagesFor((s) => (s.containerdCustom.state = s.containerdCustom.root));
    expect(messages).toContainEqual(expect.stringContaining('containerdCustom.state = "/var/lib/containerd-custom": equals containerdCustom.root'));
  });

  test.each([
    ['My.Registry.local'],
    ['my registry.local'],
    ['my"registry.local'],
    ['my.registry.local\n'],
  ])('registry host %j rejected', (host) => {
    const messages = messagesFor((s) => (s.containerdCustom.registry.mirrors = [{ host, endpoints: ['https://m.example.local'] }]));
    expect(messages).toEqual([expect.stringContaining(`containerdCustom.registry.mirrors[0].host = ${JSON.stringify(host)}: `)]);
  });

  test('endpoint without scheme', () => {
    const messages = messagesFor((s) => (s.containerdCustom.registry.mirrors = [{ host: 'my.registry.local', endpoints: ['my.registry.local'] }]));
    expect(messages).toEqual([
      'loongarch-prod: containerdCustom.registry.mirrors[0].endpoints[0] = "my.registry.local": does not start with http:// or https://; containerd needs the scheme to know whether to use TLS. Fix: write https://my.registry.local (or http://my.registry.local for a plain-HTTP mirror).',
    ]);
  });

  test.each([
    ['images.metallbSpeaker', (s: any) => (s.images.metallbSpeaker = 'quay.io/metallb/speaker:v0.15.2')],
    ['images.metallbController', (s: any) => (s.images.metallbController = 'quay.io/metallb/controller:v0.15.2')],
    ['images.nodeBootstrap', (s: any) => (s.images.nodeBootstrap = 'busybox:1.36')],
    ['containerdCustom.sandboxImage', (s: any) => (s.containerdCustom.sandboxImage = 'registry.k8s.io/pause:3.9')],
  ])('upstream image without loong64 in %s', (path, change) => {
    expect(messagesFor(change)).toEqual([expect.stringContaining(`${path} = `)]);
    expect(messagesFor(change)[0]).toContain('without a linux/loong64 variant');
  });

  test.each([
    'metallb/speaker:v0.15.2',
    'docker.io/metallb/speaker:v0.15.2',
    'index.docker.io/library/busybox:1.36',
    'registry-1.docker.io/library/alpine:3.20',
    'busybox@sha256:' + 'a'.repeat(64),
  ])('Docker Hub spelling %s recognized', (image) => {
    expect(messagesFor((s) => (s.images.metallbSpeaker = image))).toEqual([expect.stringContaining('without a linux/loong64 variant')]);
  });

  test('own registry image accepted on loong64', () => {
    expect(messagesFor((s) => (s.images.metallbSpeaker = 'my.registry.local/library/busybox:1.36'))).toEqual([]);
  });

  test('upstream image allowed on amd64', () => {
    const messages = messagesFor((s) => {
      s.nodeArch = 'amd64';
      s.images.metallbSpeaker = 'quay.io/metallb/speaker:v0.15.2';
    });
    expect(messages).toEqual([]);
  });

  test.each([
    ['10.130.0.220-10.130.0.200', 'the range is reversed'],
    ['10.130.0.300/24', 'is not an IPv4 or IPv6 address'],
    ['10.130.0.0/33', 'prefix length "33"'],
    ['2001:db8::/129', 'prefix length "129"'],
    ['10.130.0.1-2001:db8::1', 'mixes an IPv4 and an IPv6 address'],
    ['pool', 'neither a CIDR'],
  ])('address %s rejected', (entry, problem) => {
    const messages = messagesFor((s) => (s.metallb.addressPools[0].addresses = [entry]));
    expect(messages).toEqual([expect.stringContaining(`metallb.addressPools[0].addresses[0] = ${JSON.stringify(entry)}`)]);
    expect(messages[0]).toContain(problem);
  });

  test('reversed range fix gives the swapped range', () => {
    expect(messagesFor((s) => (s.metallb.addressPools[0].addresses = ['10.130.0.220-10.130.0.200']))).toEqual([
      'loongarch-prod: metallb.addressPools[0].addresses[0] = "10.130.0.220-10.130.0.200": is not a valid address pool entry: the range is reversed: 10.130.0.220 comes after 10.130.0.200. Fix: write 10.130.0.200-10.130.0.220.',
    ]);
  });

  test('IPv6 CIDR and range accepted', () => {
    expect(messagesFor((s) => (s.metallb.addressPools[0].addresses = ['2001:db8::/120', '2001:db8:1::10-2001:db8:1::20']))).toEqual([]);
  });

  test('overlapping pools', () => {
    const messages = messagesFor((s) => s.metallb.addressPools.push({ name: 'second', addresses: ['10.130.0.210/31'] }));
    expect(messages).toEqual([
      'loongarch-prod: metallb.addressPools[1].addresses[0] = "10.130.0.210/31": overlaps metallb.addressPools[0].addresses[0] (10.130.0.200-10.130.0.220). Fix: make the pools and their entries disjoint.',
    ]);
  });

  test('duplicate and invalid pool names', () => {
    const messages = messagesFor((s) => {
      s.metallb.addressPools.push({ name: 'default', addresses: ['10.130.0.230/32'] });
      s.metallb.addressPools.push({ name: 'Bad_Name', addresses: ['10.130.0.231/32'] });
    });
    expect(messages).toEqual([
      expect.stringContaining('metallb.addressPools[1].name = "default": duplicates metallb.addressPools[0].name'),
      expect.stringContaining('metallb.addressPools[2].name = "Bad_Name": is not a valid Kubernetes object name'),
    ]);
  });

  test('several problems reported together', () => {
    const messages = messagesFor((s) => {
      s.metallb.memberlistPort = 7946;
      s.containerdCustom.systemdCgroup = 'true';
      s.images.metallbSpeaker = 'quay.io/metallb/speaker:v0.15.2';
      s.name = 'Loongarch_Prod';
    });
    const paths = messages.map((m) => m.split(' = ')[0].split(': ')[1]);
    expect(paths).toEqual(['name', 'images.metallbSpeaker', 'metallb.memberlistPort', 'metallb.memberlistPort', 'containerdCustom.systemdCgroup']);
  });
});

describe('spec shape', () => {
  test('unknown key suggests the nearest', () => {
    expect(messagesFor((s) => (s.metallb.memberListPort = 7947))).toEqual([
      'loongarch-prod: metallb.memberListPort = 7947: is not a known key. Fix: did you mean "memberlistPort"? Known keys: namespace, memberlistPort, monitoringPort, logLevel, addressPools.',
    ]);
  });

  test('unknown top-level key suggests the nearest', () => {
    expect(messagesFor((s) => (s.containerd = {}))).toEqual([
      expect.stringContaining('loongarch-prod: containerd = {}: is not a known key. Fix: did you mean "containerdCustom"?'),
    ]);
  });

  test('unrelated unknown key gets no suggestion', () => {
    expect(messagesFor((s) => (s.images.foo = 'x'))).toEqual([
      'loongarch-prod: images.foo = "x": is not a known key. Fix: remove it; known keys: metallbController, metallbSpeaker, nodeBootstrap, preflight.',
    ]);
  });

  test('missing key named', () => {
    expect(messagesFor((s) => delete s.metallb.monitoringPort)).toEqual([
      'loongarch-prod: metallb.monitoringPort: is missing. Fix: add this field.',
    ]);
  });

  test('port given as a string', () => {
    expect(messagesFor((s) => (s.metallb.memberlistPort = '7947'))).toEqual([
      'loongarch-prod: metallb.memberlistPort = "7947": is a string, not a number. Fix: write a number without quotes.',
    ]);
  });

  test('enumerated value outside the list', () => {
    expect(messagesFor((s) => (s.metallb.logLevel = 'verbose'))).toEqual([
      'loongarch-prod: metallb.logLevel = "verbose": is not an allowed value. Fix: use one of all, debug, info, warn, error, none.',
    ]);
  });

  test('Kubernetes version other than 1.29', () => {
    expect(messagesFor((s) => (s.kubernetesVersion = '1.30'))).toEqual([
      'loongarch-prod: kubernetesVersion = "1.30": is not an allowed value. Fix: use one of 1.29.',
    ]);
  });

  test('mirror endpoints not a list', () => {
    expect(messagesFor((s) => (s.containerdCustom.registry.mirrors = [{ host: 'my.registry.local', endpoints: 'https://my.registry.local' }]))).toEqual([
      'loongarch-prod: containerdCustom.registry.mirrors[0].endpoints = "https://my.registry.local": is a string, not an array. Fix: write a list in [ ].',
    ]);
  });

  test('broken section does not hide others', () => {
    const messages = messagesFor((s) => {
      s.metallb.memberlistPort = 'x';
      s.containerdCustom.root = '/var/lib/containerd';
    });
    expect(messages).toEqual([
      expect.stringContaining('metallb.memberlistPort = "x": is a string, not a number'),
      expect.stringContaining('containerdCustom.root = "/var/lib/containerd": is the system containerd\'s root'),
    ]);
  });

  test('spec that is not an object', () => {
    const issues = validateClusterSpec(42);
    expect(issues.map((issue) => formatIssue('cluster-1', issue))).toEqual([
      'cluster-1: (spec) = 42: is a number, not an object. Fix: write an object in { }.',
    ]);
  });

  test('Chinese wording of an unknown key', () => {
    const spec = withChange(base, (s) => (s.metallb.memberListPort = 7947));
    expect(validateClusterSpec(spec).map((issue) => formatIssue(spec.name, issue, 'zh'))).toEqual([
      'loongarch-prod：metallb.memberListPort = 7947：不是可识别的字段。修改方法：是否想写 "memberlistPort"？可用字段：namespace, memberlistPort, monitoringPort, logLevel, addressPools。',
    ]);
  });
});
