import { ClusterSpec } from '../../clusters/types';
import { checkImage, isPort, IssueList } from './cluster-spec';
import { MESSAGES } from './messages';

// Lower-case registry host with an optional port: what containerd accepts as a certs.d directory name.
const REGISTRY_HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:\d{1,5})?$/;
const SAFE_PATH = /^\/[A-Za-z0-9._\-/]*$/;

// Defaults of the system containerd, which containerd-custom must never share.
const SYSTEM_CONTAINERD = {
  unitName: 'containerd.service',
  configDir: '/etc/containerd',
  root: '/var/lib/containerd',
  state: '/run/containerd',
  grpcAddress: '/run/containerd/containerd.sock',
  ttrpcAddress: '/run/containerd/containerd.sock.ttrpc',
  debugAddress: '/run/containerd/debug.sock',
} as const;

function checkPathField(list: IssueList, path: string, value: unknown): value is string {
  if (typeof value !== 'string' || !SAFE_PATH.test(value) || value.includes('//') || value.split('/').includes('..')) {
    list.add(path, value, MESSAGES.notPlainPath());
    return false;
  }
  return true;
}

/** Checks the containerd-custom settings: types, syntax, and no collision with the system containerd. */
export function checkContainerdCustom(list: IssueList, spec: ClusterSpec): void {
  const custom = spec.containerdCustom;
  const fields = ['configDir', 'root', 'state', 'grpcAddress', 'ttrpcAddress', 'debugAddress', 'binaryPath'] as const;
  for (const field of fields) {
    checkPathField(list, `containerdCustom.${field}`, custom[field]);
  }

  const systemValues = Object.values(SYSTEM_CONTAINERD) as string[];
  for (const field of ['unitName', 'configDir', 'root', 'state', 'grpcAddress', 'ttrpcAddress', 'debugAddress'] as const) {
    const value = custom[field];
    if (systemValues.includes(value.replace(/\/+$/, ''))) {
      list.add(`containerdCustom.${field}`, value, MESSAGES.systemContainerdDefault());
    }
  }

  if (!/^[A-Za-z0-9:_.@-]+\.service$/.test(custom.unitName)) {
    list.add('containerdCustom.unitName', custom.unitName, MESSAGES.notServiceUnit());
  }
  if (custom.root === custom.state) {
    list.add('containerdCustom.state', custom.state, MESSAGES.rootEqualsState());
  }
  const sockets = ['grpcAddress', 'ttrpcAddress', 'debugAddress'] as const;
  sockets.forEach((field, index) => {
    for (const other of sockets.slice(index + 1)) {
      if (custom[field] === custom[other]) {
        list.add(`containerdCustom.${other}`, custom[other], MESSAGES.socketsEqual(`containerdCustom.${field}`));
      }
    }
  });

  if (custom.metricsAddress !== '') {
    const match = /^(.+):(\d+)$/.exec(custom.metricsAddress);
    if (!match || !isPort(Number(match[2]))) {
      list.add('containerdCustom.metricsAddress', custom.metricsAddress, MESSAGES.notHostPort());
    }
  }

  checkImage(list, spec, 'containerdCustom.sandboxImage', custom.sandboxImage);

  for (const [host, endpoints] of Object.entries(custom.registryMirrors)) {
    const path = `containerdCustom.registryMirrors["${host}"]`;
    if (!REGISTRY_HOST.test(host)) {
      list.add(path, host, MESSAGES.notRegistryHost());
    }
    if (!Array.isArray(endpoints) || endpoints.length === 0) {
      list.add(path, endpoints, MESSAGES.noMirrorEndpoints());
      continue;
    }
    endpoints.forEach((endpoint, index) => {
      if (typeof endpoint !== 'string' || !/^https?:\/\/[^\s"'\\]+$/.test(endpoint) || !URL.canParse(endpoint)) {
        list.add(`${path}[${index}]`, endpoint, MESSAGES.notHttpUrl());
      }
    });
  }
}
