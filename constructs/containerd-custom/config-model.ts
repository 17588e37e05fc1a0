import { ContainerdConfigVersion, ContainerdCustomSpec } from '../../clusters/types';

/**
 * Plugin ids of each config version. Version 2 (containerd 1.6 and 1.7) keeps all CRI settings under one plugin,
 * and version 3 (containerd 2.x) splits them into an images, a runtime and a server plugin. A section under an id the
 * running containerd does not know is ignored without a warning on 1.6, so the id must match the version.
 */
export const PLUGIN_IDS = {
  2: {
    criServer: 'io.containerd.grpc.v1.cri',
    criImages: 'io.containerd.grpc.v1.cri',
    criRuntime: 'io.containerd.grpc.v1.cri',
  },
  3: {
    criServer: 'io.containerd.grpc.v1.cri',
    criImages: 'io.containerd.cri.v1.images',
    criRuntime: 'io.containerd.cri.v1.runtime',
  },
} as const;

/** The CRI gRPC service: the plugin the kubelet talks to, in both versions. */
export const CRI_PLUGIN = 'io.containerd.grpc.v1.cri';
export const GC_PLUGIN = 'io.containerd.gc.v1.scheduler';
export const OPT_PLUGIN = 'io.containerd.internal.v1.opt';
/** NRI exists from containerd 1.7 on (disabled by default there, enabled by default in 2.x). */
export const NRI_PLUGIN = 'io.containerd.nri.v1.nri';
/** containerd 2.x's transfer service, which has its own registry `config_path` for non-CRI pulls. */
export const TRANSFER_PLUGIN = 'io.containerd.transfer.v1.local';

/** Plugins whose failure must stop the daemon instead of leaving it running without CRI. */
export const REQUIRED_PLUGINS: Record<ContainerdConfigVersion, readonly string[]> = {
  2: [CRI_PLUGIN],
  3: [PLUGIN_IDS[3].criImages, PLUGIN_IDS[3].criRuntime, CRI_PLUGIN],
};

/** runc options under the CRI runtime `runc`. Keys are runc's own, passed through by containerd unchecked. */
export interface RuncOptions {
  SystemdCgroup: boolean;
  /** runc state directory; set so this instance never writes under the system containerd's `/run/containerd/runc`. */
  Root: string;
}

export interface CriRuntimeSection {
  default_runtime_name: 'runc';
  runtimes: { runc: { runtime_type: 'io.containerd.runc.v2'; options: RuncOptions } };
}

/** The `hosts` form: containerd reads `<config_path>/<host>/hosts.toml` on every pull. */
export interface RegistryHostsForm {
  config_path: string;
}

/** The legacy inline form; containerd's CRI plugin refuses it next to `config_path`, so the type has no such key. */
export interface RegistryLegacyForm {
  mirrors: Record<string, { endpoint: string[] }>;
}

export type NriSection = { disable: true } | { disable: false; socket_path: string };

interface TopLevel {
  root: string;
  state: string;
  required_plugins: string[];
  grpc: { address: string };
  ttrpc: { address: string };
  debug: { address: string };
  metrics: { address: string };
}

/** A version 2 config (containerd 1.6 and 1.7). Only the keys this project sets; containerd defaults the rest. */
export interface ContainerdConfigV2 extends TopLevel {
  version: 2;
  plugins: {
    [GC_PLUGIN]: { pause_threshold: number };
    [CRI_PLUGIN]: {
      sandbox_image: string;
      /** 127.0.0.1 and port `"0"` (a free port): two instances never race for one stream port. */
      stream_server_address: string;
      stream_server_port: string;
      containerd: CriRuntimeSection;
      registry: RegistryHostsForm | RegistryLegacyForm;
    };
    [OPT_PLUGIN]: { path: string };
    [NRI_PLUGIN]: NriSection;
  };
}

/** A version 3 config (containerd 2.x). */
export interface ContainerdConfigV3 extends TopLevel {
  version: 3;
  plugins: {
    [GC_PLUGIN]: { pause_threshold: number };
    'io.containerd.cri.v1.images': { pinned_images: { sandbox: string }; registry: RegistryHostsForm };
    'io.containerd.cri.v1.runtime': { containerd: CriRuntimeSection };
    [CRI_PLUGIN]: { stream_server_address: string; stream_server_port: string };
    [TRANSFER_PLUGIN]: { config_path: string };
    [OPT_PLUGIN]: { path: string };
    [NRI_PLUGIN]: NriSection;
  };
}

export type ContainerdConfig = ContainerdConfigV2 | ContainerdConfigV3;

/** Error for a spec whose config containerd would reject. Validation reports these cases first, with a fix. */
export class ContainerdConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerdConfigError';
  }
}

/** Directory of the per-registry `hosts.toml` files: where the bootstrap installs them, under the config directory. */
export function certsDir(spec: Pick<ContainerdCustomSpec, 'configDir'>): string {
  return `${spec.configDir}/certs.d`;
}

/** runc's state directory of this instance (runc option `Root`). */
export function runcRoot(spec: Pick<ContainerdCustomSpec, 'state'>): string {
  return `${spec.state}/runc`;
}

/** Returns the opt plugin's directory. Without it containerd uses `/opt/containerd`, shared with the system instance. */
export function optPath(spec: Pick<ContainerdCustomSpec, 'root'>): string {
  return `${spec.root}/opt`;
}

/** Returns an endpoint as written to the config: scheme://host[:port], without a trailing slash. */
export function normalizeEndpoint(endpoint: string): string {
  return endpoint.replace(/\/+$/, '');
}

function registrySection(spec: ContainerdCustomSpec): RegistryHostsForm | RegistryLegacyForm {
  const { registry } = spec;
  if (registry.mirrorForm === 'hosts') {
    return { config_path: registry.configPath ?? certsDir(spec) };
  }
  if (registry.configPath !== undefined) {
    throw new ContainerdConfigError('registry.configPath is set with mirrorForm "legacy": containerd rejects `mirrors` together with `config_path`');
  }
  if (spec.configVersion !== 2) {
    throw new ContainerdConfigError('mirrorForm "legacy" needs configVersion 2: containerd 2.x deprecates inline mirrors and is removing them');
  }
  const mirrors: RegistryLegacyForm['mirrors'] = {};
  for (const mirror of registry.mirrors) {
    mirrors[mirror.host] = { endpoint: mirror.endpoints.map(normalizeEndpoint) };
  }
  return { mirrors };
}

function topLevel(spec: ContainerdCustomSpec): TopLevel {
  return {
    root: spec.root,
    state: spec.state,
    required_plugins: [...REQUIRED_PLUGINS[spec.configVersion]],
    grpc: { address: spec.grpcAddress },
    ttrpc: { address: spec.ttrpcAddress },
    debug: { address: spec.debugAddress },
    metrics: { address: spec.metricsAddress },
  };
}

function criRuntime(spec: ContainerdCustomSpec): CriRuntimeSection {
  return {
    default_runtime_name: 'runc',
    runtimes: {
      runc: {
        runtime_type: 'io.containerd.runc.v2',
        options: { SystemdCgroup: spec.systemdCgroup, Root: runcRoot(spec) },
      },
    },
  };
}

function nri(spec: ContainerdCustomSpec): NriSection {
  return spec.nriSocketPath === undefined ? { disable: true } : { disable: false, socket_path: spec.nriSocketPath };
}

/** Builds the config of containerd-custom from a validated cluster spec. Pure data: rendering is separate. */
export function buildContainerdConfig(spec: ContainerdCustomSpec): ContainerdConfig {
  // Validation admits only fractions here, so the TOML library writes a float, as containerd's pause_threshold needs.
  const gc = { pause_threshold: spec.gcPauseThreshold };
  const stream = { stream_server_address: '127.0.0.1', stream_server_port: '0' };
  const registry = registrySection(spec);

  if (spec.configVersion === 2) {
    // No transfer-service section: containerd 1.6 has none. On 2.x a version 2 file is migrated and CRI pulls use
    // the CRI config_path above; only pulls that bypass CRI (ctr, nerdctl) would miss this instance's certs.d.
    return {
      version: 2,
      ...topLevel(spec),
      plugins: {
        [GC_PLUGIN]: gc,
        [CRI_PLUGIN]: { sandbox_image: spec.sandboxImage, ...stream, containerd: criRuntime(spec), registry },
        [OPT_PLUGIN]: { path: optPath(spec) },
        [NRI_PLUGIN]: nri(spec),
      },
    };
  }
  if (spec.configVersion === 3) {
    const hosts = registry as RegistryHostsForm;
    return {
      version: 3,
      ...topLevel(spec),
      plugins: {
        [GC_PLUGIN]: gc,
        'io.containerd.cri.v1.images': { pinned_images: { sandbox: spec.sandboxImage }, registry: hosts },
        'io.containerd.cri.v1.runtime': { containerd: criRuntime(spec) },
        [CRI_PLUGIN]: stream,
        // Pulls that bypass CRI (ctr, nerdctl) go through the transfer service; keep them on this instance's certs.d.
        [TRANSFER_PLUGIN]: { config_path: hosts.config_path },
        [OPT_PLUGIN]: { path: optPath(spec) },
        [NRI_PLUGIN]: nri(spec),
      },
    };
  }
  throw new ContainerdConfigError(`configVersion ${JSON.stringify(spec.configVersion)} is neither 2 nor 3`);
}
