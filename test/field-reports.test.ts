import { clusters } from '../clusters';
import { validateClusterSpec } from '../constructs/validation/cluster-spec';
import { Lang } from '../constructs/validation/locale';
import { formatIssue } from '../constructs/validation/spec-issue';
import { withChange } from './helpers/synth';

// Real failures seen in the field, replayed against the default cluster spec. Each case asserts that the message
// names the field and the offending value, in English and in Chinese.

interface FieldReport {
  readonly title: string;
  readonly change: (spec: any) => void;
  readonly path: string;
  readonly value: string;
  readonly en: string;
  readonly zh: string;
}

const REPORTS: FieldReport[] = [
  {
    title: 'memberlist on 7946 next to dockerd',
    change: (s) => (s.metallb.memberlistPort = 7946),
    path: 'metallb.memberlistPort',
    value: '7946',
    en: 'collides with host port 7946/TCP, already held by dockerd',
    zh: '与节点上已被 dockerd 占用的端口 7946/TCP 冲突',
  },
  {
    title: 'memberlist on Docker Swarm 7946 UDP',
    change: (s) => {
      s.reservedHostPorts = [{ port: 7946, protocol: 'UDP', owner: 'Docker Swarm' }];
      s.metallb.memberlistPort = 7946;
    },
    path: 'metallb.memberlistPort',
    value: '7946',
    en: '7946/UDP, already held by Docker Swarm',
    zh: '已被 Docker Swarm 占用的端口 7946/UDP',
  },
  {
    title: 'hostPort override apart from the memberlist port',
    change: (s) => (s.metallb.memberlistHostPort = 7946),
    path: 'metallb.memberlistHostPort',
    value: '7946',
    en: 'is not a known key',
    zh: '不是可识别的字段',
  },
  {
    title: 'SystemdCgroup written as a string',
    change: (s) => (s.containerdCustom.systemdCgroup = 'true'),
    path: 'containerdCustom.systemdCgroup',
    value: '"true"',
    en: 'is a string, not a boolean',
    zh: '是字符串，应为布尔值',
  },
  {
    title: 'legacy systemd_cgroup key',
    change: (s) => (s.containerdCustom.systemd_cgroup = true),
    path: 'containerdCustom.systemd_cgroup',
    value: 'true',
    en: 'did you mean "systemdCgroup"?',
    zh: '是否想写 "systemdCgroup"？',
  },
  {
    title: 'second containerd on the system state dir',
    change: (s) => (s.containerdCustom.state = '/run/containerd'),
    path: 'containerdCustom.state',
    value: '"/run/containerd"',
    en: "is the system containerd's state directory",
    zh: '是系统 containerd 的 state 目录',
  },
  {
    title: 'second containerd with root equal to state',
    change: (s) => (s.containerdCustom.state = s.containerdCustom.root),
    path: 'containerdCustom.state',
    value: '"/var/lib/containerd-custom"',
    en: 'equals containerdCustom.root',
    zh: '与 containerdCustom.root 相同',
  },
  {
    title: 'bootstrap pointed at the system unit',
    change: (s) => (s.containerdCustom.unitName = 'containerd.service'),
    path: 'containerdCustom.unitName',
    value: '"containerd.service"',
    en: "is the system containerd's unit",
    zh: '是系统 containerd 的 unit',
  },
  {
    title: 'bootstrap pointed at the system socket',
    change: (s) => (s.containerdCustom.grpcAddress = '/run/containerd/containerd.sock'),
    path: 'containerdCustom.grpcAddress',
    value: '"/run/containerd/containerd.sock"',
    en: "is the system containerd's gRPC socket",
    zh: '是系统 containerd 的 gRPC socket',
  },
  {
    title: 'legacy mirrors together with config_path',
    change: (s) => {
      s.containerdCustom.registry.mirrorForm = 'legacy';
      s.containerdCustom.registry.configPath = '/etc/containerd-custom/certs.d';
    },
    path: 'containerdCustom.registry.configPath',
    value: '"/etc/containerd-custom/certs.d"',
    en: "containerd's CRI plugin refuses `mirrors` when `config_path` is provided",
    zh: '提供 `config_path` 时 containerd 的 CRI 插件拒绝 `mirrors`',
  },
  {
    title: 'registry host with a port and upper case',
    change: (s) => (s.containerdCustom.registry.mirrors = [{ host: 'Registry.Example.Local:5000', endpoints: ['http://198.51.100.5:5000'] }]),
    path: 'containerdCustom.registry.mirrors[0].host',
    value: '"Registry.Example.Local:5000"',
    en: 'write it in lower case: registry.example.local:5000',
    zh: '请改为小写：registry.example.local:5000',
  },
  {
    title: 'upstream speaker image on loong64',
    change: (s) => (s.images.metallbSpeaker = 'quay.io/metallb/speaker:v0.15.2'),
    path: 'images.metallbSpeaker',
    value: '"quay.io/metallb/speaker:v0.15.2"',
    en: 'without a linux/loong64 variant',
    zh: '没有 linux/loong64 版本',
  },
  {
    title: 'upstream controller image on loong64',
    change: (s) => (s.images.metallbController = 'quay.io/metallb/controller:v0.15.2'),
    path: 'images.metallbController',
    value: '"quay.io/metallb/controller:v0.15.2"',
    en: 'without a linux/loong64 variant',
    zh: '没有 linux/loong64 版本',
  },
  {
    title: 'busybox bootstrap image on loong64',
    change: (s) => (s.images.nodeBootstrap = 'busybox:1.36'),
    path: 'images.nodeBootstrap',
    value: '"busybox:1.36"',
    en: 'without a linux/loong64 variant',
    zh: '没有 linux/loong64 版本',
  },
  {
    title: 'default pause image on loong64',
    change: (s) => (s.containerdCustom.sandboxImage = 'registry.k8s.io/pause:3.9'),
    path: 'containerdCustom.sandboxImage',
    value: '"registry.k8s.io/pause:3.9"',
    en: 'without a linux/loong64 variant',
    zh: '没有 linux/loong64 版本',
  },
];

describe.each(REPORTS.map((report) => [report.title, report] as const))('field report: %s', (_title, report) => {
  const spec = withChange(clusters[0], report.change);
  const messages = (lang: Lang) => validateClusterSpec(spec).map((issue) => formatIssue(spec.name, issue, lang));

  test.each(['en', 'zh'] as const)('message in %s names field and value', (lang) => {
    const separator = lang === 'zh' ? '：' : ': ';
    const matching = messages(lang).filter((text) => text.includes(`${separator}${report.path} = ${report.value}${separator}`));
    expect(matching).not.toEqual([]);
    expect(matching.some((text) => text.includes(report[lang]))).toBe(true);
  });
});
