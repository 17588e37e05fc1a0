import { Bilingual } from './locale';
import { Message } from './messages';

function message(problemEn: string, problemZh: string, fixEn: string, fixZh: string): Message {
  return { problem: { en: problemEn, zh: problemZh }, fix: { en: fixEn, zh: fixZh } };
}

const OWN_PATH: Bilingual = {
  en: 'give containerd-custom its own path, e.g. under /run/containerd-custom, /var/lib/containerd-custom or /etc/containerd-custom',
  zh: '请为 containerd-custom 使用自己的路径，例如放在 /run/containerd-custom、/var/lib/containerd-custom 或 /etc/containerd-custom 下',
};

const REGISTRY_HOST_FIX: Bilingual = {
  en: 'write the registry host as in image references: lower case, with a :port if it has one, e.g. my.registry.local or reg.local:5000',
  zh: '请按镜像地址中的写法填写仓库主机名：小写，有端口时带上 :端口，例如 my.registry.local 或 reg.local:5000',
};

const ENDPOINT_FORM_FIX: Bilingual = {
  en: 'write the endpoint as scheme://host[:port], e.g. https://mirror.example.local',
  zh: '请写成 scheme://host[:port] 形式，例如 https://mirror.example.local',
};

const FREE_METRICS_PORT: Bilingual = {
  en: 'pick a port no host process uses, e.g. 127.0.0.1:11338',
  zh: '请选择节点上没有进程占用的端口，例如 127.0.0.1:11338',
};

const SEPARATE_DIRS: Bilingual = {
  en: 'use separate directories, e.g. /var/lib/containerd-custom and /run/containerd-custom',
  zh: '请使用不同的目录，例如 /var/lib/containerd-custom 和 /run/containerd-custom',
};

/** Spec errors of the containerd-custom section, English and Chinese side by side. */
export const CONTAINERD_MESSAGES = {
  isSystemPath: (what: Bilingual) => message(`is ${what.en}`, `是${what.zh}`, OWN_PATH.en, OWN_PATH.zh),
  insideSystemDir: (dir: string, what: Bilingual) =>
    message(
      `lies inside ${dir}, ${what.en}`,
      `位于 ${dir}（${what.zh}）之内`,
      "move it out of the system containerd's directories, e.g. under /run/containerd-custom or /var/lib/containerd-custom",
      '请移出系统 containerd 的目录，例如放到 /run/containerd-custom 或 /var/lib/containerd-custom 下',
    ),
  containsSystemDir: (dir: string, what: Bilingual) =>
    message(
      `contains ${dir}, ${what.en}`,
      `包含了 ${dir}（${what.zh}）`,
      "use a directory of containerd-custom's own, e.g. /var/lib/containerd-custom",
      '请使用 containerd-custom 自己的目录，例如 /var/lib/containerd-custom',
    ),
  systemUnit: () =>
    message(
      "is the system containerd's unit, which dockerd and the kubelet rely on; the bootstrap would restart it",
      '是系统 containerd 的 unit，dockerd 和 kubelet 都依赖它，初始化脚本会重启它',
      "use the second instance's own unit, e.g. containerd-custom.service",
      '请使用第二个实例自己的 unit，例如 containerd-custom.service',
    ),
  rootEqualsState: () =>
    message(
      'equals containerdCustom.root; containerd refuses to start when root and state are the same',
      '与 containerdCustom.root 相同，root 和 state 相同时 containerd 无法启动',
      SEPARATE_DIRS.en,
      SEPARATE_DIRS.zh,
    ),
  rootStateNested: (root: string) =>
    message(
      `and containerdCustom.root (${root}) lie one inside the other; persistent and runtime data would mix`,
      `与 containerdCustom.root（${root}）互相嵌套，持久数据和运行时数据会混在一起`,
      SEPARATE_DIRS.en,
      SEPARATE_DIRS.zh,
    ),
  metricsSystemPort: (port: number) =>
    message(
      `uses port ${port}, the system containerd's usual metrics port; a second daemon on it stops at start with "address already in use"`,
      `使用了端口 ${port}，这是系统 containerd 常用的 metrics 端口；第二个守护进程会在启动时因 "address already in use" 退出`,
      FREE_METRICS_PORT.en,
      FREE_METRICS_PORT.zh,
    ),
  metricsReserved: (port: number, owner: string) =>
    message(
      `uses port ${port}/TCP, already held by ${owner} on the nodes`,
      `使用了节点上已被 ${owner} 占用的端口 ${port}/TCP`,
      FREE_METRICS_PORT.en,
      FREE_METRICS_PORT.zh,
    ),
  metricsSpeaker: (port: number, field: string) =>
    message(
      `uses port ${port}, which the MetalLB speaker binds on every node (${field})`,
      `使用了端口 ${port}，MetalLB speaker 会在每个节点上监听该端口（${field}）`,
      FREE_METRICS_PORT.en,
      FREE_METRICS_PORT.zh,
    ),
  pauseThresholdRange: () =>
    message(
      'is outside 0 to 0.5; containerd silently clamps pause_threshold to that range',
      '超出 0 到 0.5 的范围，containerd 会把 pause_threshold 悄悄截断到该范围',
      "use a fraction from 0 to 0.5, e.g. 0.02 (containerd's default)",
      '请使用 0 到 0.5 之间的小数，例如 0.02（containerd 的默认值）',
    ),
  pauseThresholdWhole: () =>
    message(
      "is a whole number, which TOML writes as an integer; containerd reads pause_threshold as a float and rejects an integer there",
      '是整数，写入 TOML 后是整数类型；containerd 按浮点数读取 pause_threshold，遇到整数会拒绝整个配置',
      "use a fraction such as 0.02 (containerd's default)",
      '请使用小数，例如 0.02（containerd 的默认值）',
    ),
  pauseThresholdTiny: () =>
    message(
      'is too small to write as a plain decimal',
      '太小，无法写成普通小数',
      'use a value of at least 0.000001',
      '请使用不小于 0.000001 的值',
    ),
  legacyWithVersion3: () =>
    message(
      'writes inline registry.mirrors, which containerd 2.x (configVersion 3) deprecates and is removing; this project writes them for version 2 only',
      '会写出内联的 registry.mirrors，containerd 2.x（configVersion 3）已弃用并将移除该写法，本项目只在 version 2 下生成它',
      'use "hosts", or configVersion 2 for containerd 1.6/1.7',
      '请使用 "hosts"；若节点是 containerd 1.6/1.7，也可以改用 configVersion 2',
    ),
  legacyWithConfigPath: () =>
    message(
      "is set together with mirrorForm \"legacy\": containerd's CRI plugin refuses `mirrors` when `config_path` is provided, and with required_plugins the daemon does not start",
      '与 mirrorForm "legacy" 同时设置：提供 `config_path` 时 containerd 的 CRI 插件拒绝 `mirrors`，配合 required_plugins 守护进程将无法启动',
      'remove configPath to keep the legacy form, or use mirrorForm "hosts"',
      '要保留 legacy 写法就删除 configPath，否则请改用 mirrorForm "hosts"',
    ),
  configPathDiffers: (expected: string) =>
    message(
      `differs from ${expected}, where the bootstrap installs the hosts.toml files; containerd would silently skip every mirror`,
      `与 ${expected} 不同，而初始化脚本把 hosts.toml 装在那里；containerd 会悄悄跳过所有 mirror`,
      `remove configPath or set it to ${expected}`,
      `请删除 configPath，或设为 ${expected}`,
    ),
  hostLineBreak: () =>
    message(
      'contains a line break, which would end the TOML key and the certs.d directory name',
      '包含换行符，会截断 TOML 键名和 certs.d 目录名',
      REGISTRY_HOST_FIX.en,
      REGISTRY_HOST_FIX.zh,
    ),
  hostWhitespace: () => message('contains whitespace', '包含空白字符', REGISTRY_HOST_FIX.en, REGISTRY_HOST_FIX.zh),
  hostQuote: () =>
    message(
      'contains a quote; containerd rejects a quote inside a TOML key',
      '包含引号，containerd 不接受 TOML 键名中的引号',
      REGISTRY_HOST_FIX.en,
      REGISTRY_HOST_FIX.zh,
    ),
  hostIsUrl: () => message('is a URL, not a registry host', '是 URL，不是仓库主机名', REGISTRY_HOST_FIX.en, REGISTRY_HOST_FIX.zh),
  hostUpperCase: (lower: string) =>
    message(
      'contains upper-case letters; containerd matches the host exactly as image references write it, in lower case, so this entry would never apply',
      '包含大写字母；containerd 按镜像地址中的小写主机名精确匹配，这一项永远不会生效',
      `write it in lower case: ${lower}`,
      `请改为小写：${lower}`,
    ),
  hostInvalid: () => message('is not a registry host name', '不是合法的镜像仓库主机名', REGISTRY_HOST_FIX.en, REGISTRY_HOST_FIX.zh),
  hostBadPort: (port: string) =>
    message(`has port ${port}, which is not a port number`, `端口 ${port} 不是合法的端口号`, REGISTRY_HOST_FIX.en, REGISTRY_HOST_FIX.zh),
  duplicateRegistry: (other: string) =>
    message(
      `duplicates ${other}; only one entry per registry can take effect`,
      `与 ${other} 重复，每个仓库只有一项能生效`,
      'list every registry once, with all of its endpoints in that one entry',
      '每个仓库只写一项，把它的所有 mirror 地址都放在这一项里',
    ),
  noEndpoints: () =>
    message(
      'has no mirror endpoints',
      '没有配置 mirror 地址',
      'list at least one endpoint URL, e.g. ["https://mirror.example.local"]',
      '请至少填写一个 mirror 地址，例如 ["https://mirror.example.local"]',
    ),
  endpointBadCharacters: () =>
    message('contains whitespace, a quote or a backslash', '包含空白字符、引号或反斜杠', ENDPOINT_FORM_FIX.en, ENDPOINT_FORM_FIX.zh),
  endpointNoScheme: (bare: string) =>
    message(
      'does not start with http:// or https://; containerd needs the scheme to know whether to use TLS',
      '没有以 http:// 或 https:// 开头；containerd 要靠 scheme 判断是否使用 TLS',
      `write https://${bare} (or http://${bare} for a plain-HTTP mirror)`,
      `请写成 https://${bare}（纯 HTTP 的 mirror 写成 http://${bare}）`,
    ),
  endpointNotUrl: () => message('is not a valid URL', '不是合法的 URL', ENDPOINT_FORM_FIX.en, ENDPOINT_FORM_FIX.zh),
  endpointCredentials: () =>
    message(
      'contains credentials; they would be written in clear text to a ConfigMap',
      '包含用户名或密码，它们会以明文写进 ConfigMap',
      'remove the user and password from the URL',
      '请从 URL 中去掉用户名和密码',
    ),
  endpointPath: (origin: string) =>
    message(
      'has a path, query or fragment; the hosts and legacy forms treat a path differently, so only scheme://host[:port] is supported',
      '带有路径、查询参数或片段；hosts 和 legacy 两种写法对路径的处理不同，因此只支持 scheme://host[:port]',
      `use a mirror that serves the registry API at the root of its host, written as ${origin}`,
      `请使用在主机根路径提供仓库 API 的 mirror，写成 ${origin}`,
    ),
  endpointNotCanonical: (origin: string) =>
    message(
      `is not in canonical form (${origin}); the written key would not match what containerd compares`,
      `不是规范形式（${origin}），写出的键与 containerd 比较的值对不上`,
      `write ${origin}`,
      `请写成 ${origin}`,
    ),
  duplicateEndpoint: (other: string) =>
    message(`duplicates ${other}`, `与 ${other} 重复`, 'list each endpoint once', '每个地址只写一次'),
} as const;
