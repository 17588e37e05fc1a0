import { ClusterSpec, ContainerdCustomSpec } from '../../clusters/types';
import { certsDir } from '../containerd-custom/config-model';
import { checkImage, isPort, IssueList } from './cluster-spec';
import { CONTAINERD_MESSAGES as M } from './containerd-messages';
import { Bilingual } from './locale';
import { Message, MESSAGES } from './messages';

// Lower-case registry host with an optional port: what containerd looks up as a certs.d directory name.
const REGISTRY_HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:\d{1,5})?$/;
const SAFE_PATH = /^\/[A-Za-z0-9._\-/]*$/;
const UNIT_NAME = /^[A-Za-z0-9:_.@-]+\.service$/;

/** The system containerd's defaults, which containerd-custom must never share. */
export const SYSTEM_CONTAINERD = {
  unitName: 'containerd.service',
  configFile: '/etc/containerd/config.toml',
  configDir: '/etc/containerd',
  root: '/var/lib/containerd',
  state: '/run/containerd',
  grpcAddress: '/run/containerd/containerd.sock',
  ttrpcAddress: '/run/containerd/containerd.sock.ttrpc',
  debugAddress: '/run/containerd/debug.sock',
  certsDir: '/etc/containerd/certs.d',
  optDir: '/opt/containerd',
  nriSocket: '/run/nri/nri.sock',
  /** containerd's docs and most installs put the system instance's metrics on 127.0.0.1:1338. */
  metricsPort: 1338,
} as const;

/** Files and sockets of the system containerd, each with what sharing it does. */
const SYSTEM_FILES: ReadonlyArray<{ path: string; what: Bilingual }> = [
  { path: SYSTEM_CONTAINERD.configFile, what: { en: "the system containerd's config file", zh: '系统 containerd 的配置文件' } },
  { path: SYSTEM_CONTAINERD.grpcAddress, what: { en: "the system containerd's gRPC socket; a second daemon silently unlinks it and serves on it, and when that daemon stops the system containerd is unreachable", zh: '系统 containerd 的 gRPC socket；第二个守护进程会悄悄删掉它并在上面服务，该进程停止后系统 containerd 就无法访问' } },
  { path: SYSTEM_CONTAINERD.ttrpcAddress, what: { en: "the system containerd's ttrpc socket; a second daemon silently takes it over", zh: '系统 containerd 的 ttrpc socket，第二个守护进程会悄悄接管它' } },
  { path: SYSTEM_CONTAINERD.debugAddress, what: { en: "the system containerd's debug socket; a second daemon silently takes it over", zh: '系统 containerd 的 debug socket，第二个守护进程会悄悄接管它' } },
  { path: SYSTEM_CONTAINERD.certsDir, what: { en: "the system containerd's registry config directory; mirrors meant for containerd-custom would change the system containerd's pulls", zh: '系统 containerd 的仓库配置目录；为 containerd-custom 准备的 mirror 会改变系统 containerd 的拉取行为' } },
  { path: SYSTEM_CONTAINERD.nriSocket, what: { en: 'the default NRI socket, which containerd 2.x serves for the system instance', zh: '默认的 NRI socket，containerd 2.x 为系统实例提供它' } },
];

/** Directories of the system containerd (and of dockerd's registry config), each with what lives there. */
const SYSTEM_DIRS: ReadonlyArray<{ path: string; what: Bilingual }> = [
  { path: SYSTEM_CONTAINERD.configDir, what: { en: "the system containerd's config directory", zh: '系统 containerd 的配置目录' } },
  { path: SYSTEM_CONTAINERD.root, what: { en: "the system containerd's root; a second daemon on it hangs forever on the metadata lock", zh: '系统 containerd 的 root；第二个守护进程用它会一直卡在元数据锁上' } },
  { path: SYSTEM_CONTAINERD.state, what: { en: "the system containerd's state directory, with its sockets and runc state", zh: '系统 containerd 的 state 目录，存放其 socket 和 runc 状态' } },
  { path: SYSTEM_CONTAINERD.optDir, what: { en: "the system containerd's opt plugin directory", zh: '系统 containerd 的 opt 插件目录' } },
  { path: '/etc/docker/certs.d', what: { en: "dockerd's registry config directory, which containerd 2.2 also reads by default", zh: 'dockerd 的仓库配置目录，containerd 2.2 默认也会读取' } },
  { path: '/run/nri', what: { en: 'the NRI directory of the system containerd', zh: '系统 containerd 的 NRI 目录' } },
];

/** Compares paths as the kernel resolves them on the nodes: `/var/run` is a symlink to `/run`. */
function canonical(path: string): string {
  const trimmed = path.replace(/\/+$/, '') || '/';
  return trimmed === '/var/run' || trimmed.startsWith('/var/run/') ? trimmed.slice('/var'.length) : trimmed;
}

function isInside(path: string, dir: string): boolean {
  return dir === '/' ? path !== '/' : path.startsWith(`${dir}/`);
}

function checkPathField(list: IssueList, path: string, value: unknown): value is string {
  if (typeof value !== 'string' || !SAFE_PATH.test(value) || value.includes('//') || value.split('/').includes('..')) {
    list.add(path, value, MESSAGES.notPlainPath());
    return false;
  }
  return true;
}

/** Reports a path of containerd-custom that is, contains or lies inside one of the system containerd's. */
function checkIsolatedPath(list: IssueList, field: string, value: string): void {
  const path = canonical(value);
  const file = SYSTEM_FILES.find((system) => system.path === path);
  if (file) {
    list.add(field, value, M.isSystemPath(file.what));
    return;
  }
  for (const dir of SYSTEM_DIRS) {
    if (path === dir.path) {
      list.add(field, value, M.isSystemPath(dir.what));
      return;
    }
    if (isInside(path, dir.path)) {
      list.add(field, value, M.insideSystemDir(dir.path, dir.what));
      return;
    }
    if (isInside(dir.path, path)) {
      list.add(field, value, M.containsSystemDir(dir.path, dir.what));
      return;
    }
  }
}

function checkGcPauseThreshold(list: IssueList, value: number): void {
  const field = 'containerdCustom.gcPauseThreshold';
  if (!Number.isFinite(value) || value < 0 || value > 0.5) {
    list.add(field, value, M.pauseThresholdRange());
  } else if (Number.isInteger(value)) {
    list.add(field, value, M.pauseThresholdWhole());
  } else if (/e/i.test(String(value))) {
    list.add(field, value, M.pauseThresholdTiny());
  }
}

function checkMetricsAddress(list: IssueList, spec: ClusterSpec): void {
  const field = 'containerdCustom.metricsAddress';
  const value = spec.containerdCustom.metricsAddress;
  if (value === '') return;
  const match = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d+)$/.exec(value);
  if (!match || !isPort(Number(match[2]))) {
    list.add(field, value, MESSAGES.notHostPort());
    return;
  }
  const port = Number(match[2]);
  if (port === SYSTEM_CONTAINERD.metricsPort) {
    list.add(field, value, M.metricsSystemPort(port));
  }
  for (const reserved of spec.reservedHostPorts) {
    if (reserved.port === port && reserved.protocol === 'TCP') {
      list.add(field, value, M.metricsReserved(port, reserved.owner));
    }
  }
  for (const [name, claimed] of [['metallb.memberlistPort', spec.metallb.memberlistPort], ['metallb.monitoringPort', spec.metallb.monitoringPort]] as const) {
    if (claimed === port) {
      list.add(field, value, M.metricsSpeaker(port, name));
    }
  }
}

/** Explains what is wrong with a registry host, most specific problem first, or returns undefined if it is fine. */
function registryHostProblem(host: string): Message | undefined {
  if (/[\r\n]/.test(host)) return M.hostLineBreak();
  if (/\s/.test(host)) return M.hostWhitespace();
  if (/["'`]/.test(host)) return M.hostQuote();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) return M.hostIsUrl();
  if (/[A-Z]/.test(host)) return M.hostUpperCase(host.toLowerCase());
  if (!REGISTRY_HOST.test(host)) return M.hostInvalid();
  const port = /:(\d+)$/.exec(host);
  if (port && !isPort(Number(port[1]))) return M.hostBadPort(port[1]);
  return undefined;
}

/** Explains what is wrong with a mirror endpoint, or returns undefined if it is fine. */
function endpointProblem(endpoint: string): Message | undefined {
  if (/[\s"'`\\]/.test(endpoint)) return M.endpointBadCharacters();
  if (!/^https?:\/\//.test(endpoint)) return M.endpointNoScheme(endpoint.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''));
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return M.endpointNotUrl();
  }
  if (url.username || url.password) return M.endpointCredentials();
  if (url.pathname !== '/' || url.search || url.hash) return M.endpointPath(url.origin);
  if (endpoint.replace(/\/+$/, '') !== url.origin) return M.endpointNotCanonical(url.origin);
  return undefined;
}

function checkRegistry(list: IssueList, custom: ContainerdCustomSpec): void {
  const registry = custom.registry;
  if (registry.mirrorForm === 'legacy' && custom.configVersion === 3) {
    list.add('containerdCustom.registry.mirrorForm', registry.mirrorForm, M.legacyWithVersion3());
  }
  if (registry.configPath !== undefined) {
    if (registry.mirrorForm === 'legacy') {
      list.add('containerdCustom.registry.configPath', registry.configPath, M.legacyWithConfigPath());
    } else if (checkPathField(list, 'containerdCustom.registry.configPath', registry.configPath)) {
      const expected = certsDir(custom);
      if (registry.configPath !== expected) {
        list.add('containerdCustom.registry.configPath', registry.configPath, M.configPathDiffers(expected));
      }
      checkIsolatedPath(list, 'containerdCustom.registry.configPath', registry.configPath);
    }
  }

  const seen = new Map<string, number>();
  registry.mirrors.forEach((mirror, index) => {
    const base = `containerdCustom.registry.mirrors[${index}]`;
    const hostProblem = registryHostProblem(mirror.host);
    if (hostProblem) list.add(`${base}.host`, mirror.host, hostProblem);
    const key = mirror.host.toLowerCase();
    if (seen.has(key)) {
      list.add(`${base}.host`, mirror.host, M.duplicateRegistry(`containerdCustom.registry.mirrors[${seen.get(key)}].host`));
    } else {
      seen.set(key, index);
    }

    if (mirror.endpoints.length === 0) {
      list.add(`${base}.endpoints`, mirror.endpoints, M.noEndpoints());
      return;
    }
    const seenEndpoints = new Map<string, number>();
    mirror.endpoints.forEach((endpoint, endpointIndex) => {
      const path = `${base}.endpoints[${endpointIndex}]`;
      const problem = endpointProblem(endpoint);
      if (problem) {
        list.add(path, endpoint, problem);
        return;
      }
      const normalized = endpoint.replace(/\/+$/, '');
      if (seenEndpoints.has(normalized)) {
        list.add(path, endpoint, M.duplicateEndpoint(`${base}.endpoints[${seenEndpoints.get(normalized)}]`));
      } else {
        seenEndpoints.set(normalized, endpointIndex);
      }
    });
  });
}

/** Checks the containerd-custom settings: types, syntax, and no collision with the system containerd. */
export function checkContainerdCustom(list: IssueList, spec: ClusterSpec): void {
  const custom = spec.containerdCustom;
  const pathFields = ['configDir', 'root', 'state', 'grpcAddress', 'ttrpcAddress', 'debugAddress', 'binaryPath'] as const;
  const validPaths = new Set<string>();
  for (const field of pathFields) {
    if (checkPathField(list, `containerdCustom.${field}`, custom[field])) validPaths.add(field);
  }
  if (custom.nriSocketPath !== undefined && checkPathField(list, 'containerdCustom.nriSocketPath', custom.nriSocketPath)) {
    validPaths.add('nriSocketPath');
  }

  // Isolation: nothing of containerd-custom's may be, contain or lie inside the system containerd's paths.
  for (const field of ['configDir', 'root', 'state', 'grpcAddress', 'ttrpcAddress', 'debugAddress', 'nriSocketPath'] as const) {
    const value = custom[field];
    if (value !== undefined && validPaths.has(field)) checkIsolatedPath(list, `containerdCustom.${field}`, value);
  }
  if (!UNIT_NAME.test(custom.unitName)) {
    list.add('containerdCustom.unitName', custom.unitName, MESSAGES.notServiceUnit());
  } else if (custom.unitName === SYSTEM_CONTAINERD.unitName) {
    list.add('containerdCustom.unitName', custom.unitName, M.systemUnit());
  }

  if (validPaths.has('root') && validPaths.has('state')) {
    const root = canonical(custom.root);
    const state = canonical(custom.state);
    if (root === state) {
      list.add('containerdCustom.state', custom.state, M.rootEqualsState());
    } else if (isInside(state, root) || isInside(root, state)) {
      list.add('containerdCustom.state', custom.state, M.rootStateNested(custom.root));
    }
  }
  const sockets = (['grpcAddress', 'ttrpcAddress', 'debugAddress', 'nriSocketPath'] as const).filter((field) => validPaths.has(field));
  sockets.forEach((field, index) => {
    for (const other of sockets.slice(index + 1)) {
      if (canonical(custom[field] as string) === canonical(custom[other] as string)) {
        list.add(`containerdCustom.${other}`, custom[other], MESSAGES.socketsEqual(`containerdCustom.${field}`));
      }
    }
  });

  checkMetricsAddress(list, spec);
  checkGcPauseThreshold(list, custom.gcPauseThreshold);
  checkImage(list, spec, 'containerdCustom.sandboxImage', custom.sandboxImage);
  checkRegistry(list, custom);
}
