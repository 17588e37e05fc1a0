import { Bilingual } from './locale';

/** Problem found in a value and its fix, each in both languages. */
export interface Message {
  readonly problem: Bilingual;
  readonly fix: Bilingual;
}

const TYPE_NAMES_ZH: Record<string, string> = {
  string: '字符串',
  number: '数字',
  boolean: '布尔值',
  array: '列表',
  object: '对象',
  null: 'null',
};

const TYPE_FIXES: Record<string, Bilingual> = {
  boolean: { en: 'write true or false without quotes', zh: '请写 true 或 false，不加引号' },
  number: { en: 'write a number without quotes', zh: '请写数字，不加引号' },
  string: { en: 'write the value in quotes', zh: '请用引号括起取值' },
  array: { en: 'write a list in [ ]', zh: '请写成 [ ] 形式的列表' },
  object: { en: 'write an object in { }', zh: '请写成 { } 形式的对象' },
};

function message(problemEn: string, problemZh: string, fixEn: string, fixZh: string): Message {
  return { problem: { en: problemEn, zh: problemZh }, fix: { en: fixEn, zh: fixZh } };
}

/**
 * Every spec error the validation reports, English and Chinese side by side so that neither language can fall
 * behind. Field names, kinds and commands stay in English in both, as the Kubernetes and containerd docs spell them.
 */
export const MESSAGES = {
  // Shape of the spec.
  unknownKey: (suggestion: string | undefined, known: readonly string[]) =>
    message(
      'is not a known key',
      '不是可识别的字段',
      suggestion ? `did you mean "${suggestion}"? Known keys: ${known.join(', ')}` : `remove it; known keys: ${known.join(', ')}`,
      suggestion ? `是否想写 "${suggestion}"？可用字段：${known.join(', ')}` : `请删除该字段；可用字段：${known.join(', ')}`,
    ),
  missingKey: () => message('is missing', '缺失', 'add this field', '请补上这个字段'),
  wrongType: (expected: string, received: string) =>
    message(
      `is ${received === 'array' || received === 'object' ? 'an' : 'a'} ${received}, not ${expected === 'array' || expected === 'object' ? 'an' : 'a'} ${expected}`,
      `是${TYPE_NAMES_ZH[received] ?? received}，应为${TYPE_NAMES_ZH[expected] ?? expected}`,
      TYPE_FIXES[expected]?.en ?? `write a value of type ${expected}`,
      TYPE_FIXES[expected]?.zh ?? `请填写 ${TYPE_NAMES_ZH[expected] ?? expected} 类型的值`,
    ),
  notFinite: () =>
    message('is not a finite number', '不是有限的数字', 'write a plain number such as 0.02', '请写普通数字，例如 0.02'),
  notOneOf: (allowed: readonly string[]) =>
    message('is not an allowed value', '不是允许的取值', `use one of ${allowed.join(', ')}`, `请使用以下取值之一：${allowed.join(', ')}`),

  // Names and labels.
  notDnsLabel: () =>
    message(
      'is not a valid Kubernetes name (DNS label)',
      '不是合法的 Kubernetes 名称（DNS label）',
      'use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit',
      '最多 63 个字符，只能包含小写字母、数字和 "-"，并以字母或数字开头和结尾',
    ),
  notObjectName: () =>
    message(
      'is not a valid Kubernetes object name',
      '不是合法的 Kubernetes 对象名称',
      'use lower-case letters, digits, "-" and "."',
      '只能使用小写字母、数字、"-" 和 "."',
    ),
  notArchLabel: () =>
    message(
      'is not a valid kubernetes.io/arch label value',
      '不是合法的 kubernetes.io/arch 标签值',
      'use the architecture name the kubelet reports, e.g. loong64',
      '请填写 kubelet 上报的架构名称，例如 loong64',
    ),
  duplicateName: (other: string) =>
    message(`duplicates ${other}`, `与 ${other} 重名`, 'give every pool its own name', '每个地址池使用不同的名称'),
  clusterNameTaken: () =>
    message('is used by two clusters', '被两个集群同时使用', 'give every cluster its own name', '每个集群使用不同的名称'),
  sameNamespace: (other: string) =>
    message(`equals ${other}`, `与 ${other} 相同`, 'give the bootstrap DaemonSet its own namespace', '请为初始化 DaemonSet 使用单独的 namespace'),
  notInterval: () =>
    message('is not a whole number of at least 5', '不是大于等于 5 的整数', 'use e.g. 60', '例如填写 60'),

  // Images.
  invalidImage: () =>
    message(
      'is not a valid image reference',
      '不是合法的镜像地址',
      'use registry/repository:tag or registry/repository@sha256:digest, lower case, no spaces',
      '请写成 registry/repository:tag 或 registry/repository@sha256:digest，全部小写，不含空格',
    ),
  noLoong64Image: () =>
    message(
      'is an upstream image without a linux/loong64 variant',
      '是上游镜像，没有 linux/loong64 版本',
      'point it at a loong64 build in your own registry, e.g. my.registry.local/loong64/metallb-speaker:v0.15.2',
      '请改为自建仓库中的 loong64 镜像，例如 my.registry.local/loong64/metallb-speaker:v0.15.2',
    ),

  // Ports.
  notPort: () =>
    message('is not a port number', '不是合法的端口号', 'use a whole number from 1 to 65535', '请填写 1 到 65535 之间的整数'),
  hostPortTaken: (port: number, protocol: string, owner: string) =>
    message(
      `collides with host port ${port}/${protocol}, already held by ${owner} on the nodes (the speaker runs with hostNetwork)`,
      `与节点上已被 ${owner} 占用的端口 ${port}/${protocol} 冲突（speaker 使用 hostNetwork）`,
      'choose a port no host process uses, e.g. 7947 for the memberlist',
      '请选择节点上没有进程占用的端口，例如 memberlist 使用 7947',
    ),
  portsEqual: (other: string) =>
    message(
      `equals ${other}; both are bound by the speaker on the node`,
      `与 ${other} 相同，speaker 会在节点上同时监听这两个端口`,
      'give the monitoring and memberlist ports different numbers',
      '请为 monitoring 端口和 memberlist 端口使用不同的端口号',
    ),

  // Address pools.
  emptyAddresses: () =>
    message('is empty', '为空', 'list at least one CIDR or range', '请至少填写一个 CIDR 或地址范围'),
  invalidPoolEntry: (reason: Bilingual) =>
    message(
      `is not a valid address pool entry: ${reason.en}`,
      `不是合法的地址池条目：${reason.zh}`,
      'write a CIDR such as 192.0.2.0/28 or a range such as 192.0.2.10-192.0.2.20',
      '请写成 CIDR（如 192.0.2.0/28）或地址范围（如 192.0.2.10-192.0.2.20）',
    ),
  poolReversed: (reason: Bilingual, swapped: string) =>
    message(
      `is not a valid address pool entry: ${reason.en}`,
      `不是合法的地址池条目：${reason.zh}`,
      `write ${swapped}`,
      `请写成 ${swapped}`,
    ),
  poolOverlap: (other: string, entry: string) =>
    message(
      `overlaps ${other} (${entry})`,
      `与 ${other}（${entry}）重叠`,
      'make the pools and their entries disjoint',
      '请调整地址池及其条目，使它们互不重叠',
    ),

  // containerd-custom.
  notPlainPath: () =>
    message(
      'is not a plain absolute path',
      '不是普通的绝对路径',
      'use an absolute path of letters, digits, ".", "_", "-" and "/"',
      '请使用只包含字母、数字、"."、"_"、"-" 和 "/" 的绝对路径',
    ),
  notServiceUnit: () =>
    message(
      'is not a systemd service unit name',
      '不是 systemd service unit 名称',
      'use a name ending in ".service", e.g. containerd-custom.service',
      '请使用以 ".service" 结尾的名称，例如 containerd-custom.service',
    ),
  socketsEqual: (other: string) =>
    message(`equals ${other}`, `与 ${other} 相同`, 'give every socket its own path', '每个 socket 使用不同的路径'),
  notHostPort: () =>
    message('is not host:port', '不是 host:port 格式', 'use e.g. 127.0.0.1:11338, or "" to turn metrics off', '例如填写 127.0.0.1:11338；填写 "" 表示关闭 metrics'),

  // GitOps.
  gitopsMissing: () =>
    message(
      'is missing',
      '缺失',
      'add a gitops section with repoURL, targetRevision, destinationServer, argocd and flux',
      '请添加 gitops 部分，包含 repoURL、targetRevision、destinationServer、argocd 和 flux',
    ),
  notGoDuration: () =>
    message(
      'is not a Go duration',
      '不是 Go 格式的时长',
      'write a positive whole-number duration such as "30s", "5m" or "1h"',
      '请写成正整数时长，例如 "30s"、"5m" 或 "1h"',
    ),
  durationTooShort: (minimumSeconds: number) =>
    message(
      `is shorter than ${minimumSeconds}s`,
      `短于 ${minimumSeconds} 秒`,
      `use at least ${minimumSeconds / 60}m; Flux rejects shorter intervals`,
      `请至少填写 ${minimumSeconds / 60}m，Flux 不接受更短的间隔`,
    ),
  invalidRepoUrl: () =>
    message(
      'is not a valid URL',
      '不是合法的 URL',
      'use an https:// or ssh:// clone URL such as https://git.example.local/platform/repo.git',
      '请使用 https:// 或 ssh:// 开头的克隆地址，例如 https://git.example.local/platform/repo.git',
    ),
  invalidServerUrl: () =>
    message(
      'is not a valid URL',
      '不是合法的 URL',
      'use the cluster API server URL registered in Argo CD, e.g. https://kubernetes.default.svc',
      '请填写在 Argo CD 中注册的集群 API server 地址，例如 https://kubernetes.default.svc',
    ),
  invalidRevision: () =>
    message(
      'is not a valid Git branch, tag or commit',
      '不是合法的 Git 分支、tag 或 commit',
      'use a name without spaces or the characters ~^:?*[\\, e.g. "main" or a tag',
      '名称中不能有空格或 ~^:?*[\\ 这些字符，例如 "main" 或某个 tag',
    ),
  destinationTaken: (cluster: string) =>
    message(
      `is also the destination of cluster ${cluster}; both would sync their MetalLB install and pools into one cluster`,
      `同时是集群 ${cluster} 的目标集群；两者会把各自的 MetalLB 和地址池同步到同一个集群中`,
      "use the API server URL of this cluster as registered in Argo CD",
      '请填写本集群在 Argo CD 中注册的 API server 地址',
    ),
  argocdNamespaceDiffers: (cluster: string, expected: unknown) =>
    message(
      `differs from cluster ${cluster}'s "${String(expected)}"; the shared ApplicationSet creates every Application in one namespace`,
      `与集群 ${cluster} 的 "${String(expected)}" 不同；共用的 ApplicationSet 会把所有 Application 创建在同一个 namespace 中`,
      'use the same Argo CD namespace in every cluster',
      '请在所有集群中使用相同的 Argo CD namespace',
    ),
} as const;

/** Reasons why an address pool entry is invalid, in both languages. */
export const POOL_ENTRY_REASONS = {
  notAddress: (text: string): Bilingual => ({ en: `"${text}" is not an IPv4 or IPv6 address`, zh: `"${text}" 不是 IPv4 或 IPv6 地址` }),
  badPrefix: (prefix: string, bits: number): Bilingual => ({
    en: `prefix length "${prefix}" is not a number from 0 to ${bits}`,
    zh: `前缀长度 "${prefix}" 不是 0 到 ${bits} 之间的数字`,
  }),
  notCidrOrRange: (): Bilingual => ({
    en: 'is neither a CIDR (a.b.c.d/n) nor a range (first-last)',
    zh: '既不是 CIDR（a.b.c.d/n）也不是地址范围（起始-结束）',
  }),
  mixedFamilies: (): Bilingual => ({ en: 'mixes an IPv4 and an IPv6 address', zh: '混用了 IPv4 和 IPv6 地址' }),
  reversed: (first: string, last: string): Bilingual => ({
    en: `the range is reversed: ${first} comes after ${last}`,
    zh: `地址范围起止颠倒：${first} 在 ${last} 之后`,
  }),
  notString: (): Bilingual => ({ en: 'is not a string', zh: '不是字符串' }),
} as const;
