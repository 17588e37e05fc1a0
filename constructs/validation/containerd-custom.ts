import { ClusterSpec, ContainerdCustomSpec } from '../../clusters/types';
import { certsDir } from '../containerd-custom/config-model';
import { checkImage, isPort, IssueList } from './cluster-spec';

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
const SYSTEM_FILES: ReadonlyArray<{ path: string; what: string }> = [
  { path: SYSTEM_CONTAINERD.configFile, what: "the system containerd's config file" },
  { path: SYSTEM_CONTAINERD.grpcAddress, what: "the system containerd's gRPC socket; a second daemon silently unlinks it and serves on it, and when that daemon stops the system containerd is unreachable" },
  { path: SYSTEM_CONTAINERD.ttrpcAddress, what: "the system containerd's ttrpc socket; a second daemon silently takes it over" },
  { path: SYSTEM_CONTAINERD.debugAddress, what: "the system containerd's debug socket; a second daemon silently takes it over" },
  { path: SYSTEM_CONTAINERD.certsDir, what: "the system containerd's registry config directory; mirrors meant for containerd-custom would change the system containerd's pulls" },
  { path: SYSTEM_CONTAINERD.nriSocket, what: "the default NRI socket, which containerd 2.x serves for the system instance" },
];

/** Directories of the system containerd (and of dockerd's registry config), each with what lives there. */
const SYSTEM_DIRS: ReadonlyArray<{ path: string; what: string }> = [
  { path: SYSTEM_CONTAINERD.configDir, what: "the system containerd's config directory" },
  { path: SYSTEM_CONTAINERD.root, what: "the system containerd's root; a second daemon on it hangs forever on the metadata lock" },
  { path: SYSTEM_CONTAINERD.state, what: "the system containerd's state directory, with its sockets and runc state" },
  { path: SYSTEM_CONTAINERD.optDir, what: "the system containerd's opt plugin directory" },
  { path: '/etc/docker/certs.d', what: "dockerd's registry config directory, which containerd 2.2 also reads by default" },
  { path: '/run/nri', what: 'the NRI directory of the system containerd' },
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
    list.add(path, value, 'is not a plain absolute path', 'use an absolute path of letters, digits, ".", "_", "-" and "/"');
    return false;
  }
  return true;
}

/** Reports a path of containerd-custom that is, contains or lies inside one of the system containerd's. */
function checkIsolatedPath(list: IssueList, field: string, value: string): void {
  const path = canonical(value);
  const file = SYSTEM_FILES.find((system) => system.path === path);
  if (file) {
    list.add(field, value, `is ${file.what}`, 'give containerd-custom its own path, e.g. with "containerd-custom" in place of "containerd"');
    return;
  }
  for (const dir of SYSTEM_DIRS) {
    if (path === dir.path) {
      list.add(field, value, `is ${dir.what}`, 'give containerd-custom its own path, e.g. with "containerd-custom" in place of "containerd"');
      return;
    }
    if (isInside(path, dir.path)) {
      list.add(field, value, `lies inside ${dir.path}, ${dir.what}`, 'move it out of the system containerd\'s directories, e.g. under /run/containerd-custom or /var/lib/containerd-custom');
      return;
    }
    if (isInside(dir.path, path)) {
      list.add(field, value, `contains ${dir.path}, ${dir.what}`, 'use a directory of containerd-custom\'s own, e.g. /var/lib/containerd-custom');
      return;
    }
  }
}

function checkBoolean(list: IssueList, field: string, value: unknown, consequence: string): void {
  if (typeof value === 'boolean') return;
  const fix = typeof value === 'string' && /^(true|false)$/i.test(value.trim())
    ? `write ${value.trim().toLowerCase()} without quotes`
    : 'write true or false without quotes';
  list.add(field, value, `is not a boolean (${typeof value}); ${consequence}`, fix);
}

function checkConfigVersion(list: IssueList, custom: ContainerdCustomSpec): void {
  const value: unknown = custom.configVersion;
  if (value === 2 || value === 3) return;
  const hint = typeof value === 'string' ? ' without quotes' : '';
  list.add('containerdCustom.configVersion', value, 'is not a containerd config version this project writes; without a valid version containerd 1.x reads the file as version 1 and ignores every plugin section', `use 2 for containerd 1.6/1.7 or 3 for containerd 2.x${hint}`);
}

function checkGcPauseThreshold(list: IssueList, value: unknown): void {
  const field = 'containerdCustom.gcPauseThreshold';
  if (typeof value !== 'number') {
    list.add(field, value, `is a ${typeof value}, but containerd's pause_threshold is a TOML float`, 'write a number such as 0.02 without quotes');
  } else if (!Number.isFinite(value)) {
    list.add(field, value, 'is not a finite number', 'use a number from 0 to 0.5, e.g. 0.02 (containerd\'s default)');
  } else if (value < 0 || value > 0.5) {
    list.add(field, value, 'is outside 0 to 0.5; containerd silently clamps pause_threshold to that range', 'use a number from 0 to 0.5, e.g. 0.02 (containerd\'s default)');
  }
}

function checkMetricsAddress(list: IssueList, spec: ClusterSpec): void {
  const field = 'containerdCustom.metricsAddress';
  const value: unknown = spec.containerdCustom.metricsAddress;
  if (value === '') return;
  const match = typeof value === 'string' ? /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d+)$/.exec(value) : null;
  if (!match || !isPort(Number(match[2]))) {
    list.add(field, value, 'is not host:port', 'use e.g. 127.0.0.1:11338, or "" to turn metrics off');
    return;
  }
  const port = Number(match[2]);
  if (port === SYSTEM_CONTAINERD.metricsPort) {
    list.add(field, value, `uses port ${port}, the system containerd's usual metrics port; a second daemon on it stops at start with "address already in use"`, 'pick another port, e.g. 127.0.0.1:11338');
  }
  for (const reserved of spec.reservedHostPorts) {
    if (reserved.port === port && reserved.protocol === 'TCP') {
      list.add(field, value, `uses port ${port}/TCP, already held by ${reserved.owner} on the nodes`, 'pick a port no host process uses, e.g. 127.0.0.1:11338');
    }
  }
  for (const [name, claimed] of [['metallb.memberlistPort', spec.metallb.memberlistPort], ['metallb.monitoringPort', spec.metallb.monitoringPort]] as const) {
    if (claimed === port) {
      list.add(field, value, `uses port ${port}, which the MetalLB speaker binds on every node (${name})`, 'pick a port no host process uses, e.g. 127.0.0.1:11338');
    }
  }
}

/** Explains what is wrong with a registry host, most specific problem first, or returns undefined if it is fine. */
function registryHostProblem(host: string): { problem: string; fix: string } | undefined {
  const fix = 'write the registry host as in image references: lower case, with a :port if it has one, e.g. my.registry.local or reg.local:5000';
  if (/[\r\n]/.test(host)) return { problem: 'contains a line break, which would end the TOML key and the certs.d directory name', fix };
  if (/\s/.test(host)) return { problem: 'contains whitespace', fix };
  if (/["'`]/.test(host)) return { problem: 'contains a quote; containerd rejects a quote inside a TOML key', fix };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) return { problem: 'is a URL, not a registry host', fix };
  if (/[A-Z]/.test(host)) return { problem: 'contains upper-case letters; containerd matches the host exactly as image references write it, in lower case, so this entry would never apply', fix: `write it in lower case: ${host.toLowerCase()}` };
  if (!REGISTRY_HOST.test(host)) return { problem: 'is not a registry host name', fix };
  const port = /:(\d+)$/.exec(host);
  if (port && !isPort(Number(port[1]))) return { problem: `has port ${port[1]}, which is not a port number`, fix };
  return undefined;
}

/** Explains what is wrong with a mirror endpoint, or returns undefined if it is fine. */
function endpointProblem(endpoint: string): { problem: string; fix: string } | undefined {
  if (/[\s"'`\\]/.test(endpoint)) {
    return { problem: 'contains whitespace, a quote or a backslash', fix: 'write the endpoint as scheme://host[:port], e.g. https://mirror.example.local' };
  }
  if (!/^https?:\/\//.test(endpoint)) {
    const bare = endpoint.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    return { problem: 'does not start with http:// or https://; containerd needs the scheme to know whether to use TLS', fix: `write https://${bare} (or http://${bare} for a plain-HTTP mirror)` };
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return { problem: 'is not a valid URL', fix: 'write the endpoint as scheme://host[:port], e.g. https://mirror.example.local' };
  }
  if (url.username || url.password) {
    return { problem: 'contains credentials; they would be written in clear text to a ConfigMap', fix: 'remove the user and password from the URL' };
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    return { problem: 'has a path, query or fragment; the hosts and legacy forms treat a path differently, so only scheme://host[:port] is supported', fix: `use a mirror that serves the registry API at the root of its host, written as ${url.origin}` };
  }
  if (endpoint.replace(/\/+$/, '') !== url.origin) {
    return { problem: `is not in canonical form (${url.origin}); the written key would not match what containerd compares`, fix: `write ${url.origin}` };
  }
  return undefined;
}

function checkRegistry(list: IssueList, custom: ContainerdCustomSpec): void {
  const registry = custom.registry;
  const form: unknown = registry?.mirrorForm;
  if (form !== 'hosts' && form !== 'legacy') {
    list.add('containerdCustom.registry.mirrorForm', form, 'is not a mirror form', 'use "hosts" (config_path with one hosts.toml per registry) or "legacy" (inline registry.mirrors, version 2 only)');
  }
  if (form === 'legacy' && custom.configVersion === 3) {
    list.add('containerdCustom.registry.mirrorForm', form, 'writes inline registry.mirrors, which containerd 2.x (configVersion 3) deprecates and is removing; this project writes them for version 2 only', 'use "hosts", or configVersion 2 for containerd 1.6/1.7');
  }
  if (registry?.configPath !== undefined) {
    if (form === 'legacy') {
      list.add('containerdCustom.registry.configPath', registry.configPath, 'is set together with mirrorForm "legacy": containerd\'s CRI plugin refuses `mirrors` when `config_path` is provided, and with required_plugins the daemon does not start', 'remove configPath to keep the legacy form, or use mirrorForm "hosts"');
    } else if (checkPathField(list, 'containerdCustom.registry.configPath', registry.configPath)) {
      const expected = certsDir(custom);
      if (registry.configPath !== expected) {
        list.add('containerdCustom.registry.configPath', registry.configPath, `differs from ${expected}, where the bootstrap installs the hosts.toml files; containerd would silently skip every mirror`, `remove configPath or set it to ${expected}`);
      }
      checkIsolatedPath(list, 'containerdCustom.registry.configPath', registry.configPath);
    }
  }

  if (!Array.isArray(registry?.mirrors)) {
    list.add('containerdCustom.registry.mirrors', registry?.mirrors, 'is not a list', 'list entries of { host, endpoints }, or [] for no mirrors');
    return;
  }
  const seen = new Map<string, number>();
  registry.mirrors.forEach((mirror, index) => {
    const base = `containerdCustom.registry.mirrors[${index}]`;
    const host: unknown = mirror?.host;
    if (typeof host !== 'string') {
      list.add(`${base}.host`, host, 'is not a string', 'write the registry host, e.g. my.registry.local');
    } else {
      const hostProblem = registryHostProblem(host);
      if (hostProblem) list.add(`${base}.host`, host, hostProblem.problem, hostProblem.fix);
      const key = host.toLowerCase();
      if (seen.has(key)) {
        list.add(`${base}.host`, host, `duplicates containerdCustom.registry.mirrors[${seen.get(key)}].host; only one entry per registry can take effect`, 'list every registry once, with all of its endpoints in that one entry');
      } else {
        seen.set(key, index);
      }
    }

    const endpoints: unknown = mirror?.endpoints;
    if (!Array.isArray(endpoints) || endpoints.length === 0) {
      list.add(`${base}.endpoints`, endpoints, 'has no mirror endpoints', 'list at least one endpoint URL, e.g. ["https://mirror.example.local"]');
      return;
    }
    const seenEndpoints = new Map<string, number>();
    endpoints.forEach((endpoint: unknown, endpointIndex) => {
      const path = `${base}.endpoints[${endpointIndex}]`;
      if (typeof endpoint !== 'string') {
        list.add(path, endpoint, 'is not a string', 'write the endpoint as a quoted URL, e.g. "https://mirror.example.local"');
        return;
      }
      const problem = endpointProblem(endpoint);
      if (problem) {
        list.add(path, endpoint, problem.problem, problem.fix);
        return;
      }
      const normalized = endpoint.replace(/\/+$/, '');
      if (seenEndpoints.has(normalized)) {
        list.add(path, endpoint, `duplicates ${base}.endpoints[${seenEndpoints.get(normalized)}]`, 'list each endpoint once');
      } else {
        seenEndpoints.set(normalized, endpointIndex);
      }
    });
  });
}

/** Checks the containerd-custom settings: types, syntax, and no collision with the system containerd. */
export function checkContainerdCustom(list: IssueList, spec: ClusterSpec): void {
  const custom = spec.containerdCustom;
  checkConfigVersion(list, custom);

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
  if (typeof custom.unitName !== 'string' || !UNIT_NAME.test(custom.unitName)) {
    list.add('containerdCustom.unitName', custom.unitName, 'is not a systemd service unit name', 'use a name ending in ".service", e.g. containerd-custom.service');
  } else if (custom.unitName === SYSTEM_CONTAINERD.unitName) {
    list.add('containerdCustom.unitName', custom.unitName, "is the system containerd's unit, which dockerd and the kubelet rely on; the bootstrap would restart it", 'use the second instance\'s own unit, e.g. containerd-custom.service');
  }

  if (validPaths.has('root') && validPaths.has('state')) {
    const root = canonical(custom.root);
    const state = canonical(custom.state);
    if (root === state) {
      list.add('containerdCustom.state', custom.state, 'equals containerdCustom.root; containerd refuses to start when root and state are the same', 'use separate directories, e.g. /var/lib/containerd-custom and /run/containerd-custom');
    } else if (isInside(state, root) || isInside(root, state)) {
      list.add('containerdCustom.state', custom.state, `and containerdCustom.root (${custom.root}) lie one inside the other; persistent and runtime data would mix`, 'use separate directories, e.g. /var/lib/containerd-custom and /run/containerd-custom');
    }
  }
  const sockets = (['grpcAddress', 'ttrpcAddress', 'debugAddress', 'nriSocketPath'] as const).filter((field) => validPaths.has(field));
  sockets.forEach((field, index) => {
    for (const other of sockets.slice(index + 1)) {
      if (canonical(custom[field] as string) === canonical(custom[other] as string)) {
        list.add(`containerdCustom.${other}`, custom[other], `equals containerdCustom.${field}`, 'give every socket its own path');
      }
    }
  });

  checkMetricsAddress(list, spec);
  checkBoolean(list, 'containerdCustom.systemdCgroup', custom.systemdCgroup, 'containerd passes runc options through unchecked, so a string starts the daemon and fails only when a pod starts');
  checkGcPauseThreshold(list, custom.gcPauseThreshold);
  checkImage(list, spec, 'containerdCustom.sandboxImage', custom.sandboxImage);
  checkRegistry(list, custom);
}
