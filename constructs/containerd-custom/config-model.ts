import { ContainerdCustomSpec } from '../../clusters/types';

/** Plugin ids of a version 2 config (containerd 1.6 and 1.7). */
export const CRI_PLUGIN_V2 = 'io.containerd.grpc.v1.cri';
const OPT_PLUGIN = 'io.containerd.internal.v1.opt';
const NRI_PLUGIN = 'io.containerd.nri.v1.nri';

/** runc options under the CRI runtime `runc`. Keys are runc's own, passed through by containerd unchecked. */
export interface RuncOptions {
  SystemdCgroup: boolean;
  /** runc state directory; set so this instance never writes under the system containerd's `/run/containerd/runc`. */
  Root: string;
}

export interface CriPluginConfig {
  sandbox_image: string;
  /** `"0"` picks a free port, so two containerd instances never race for the default stream port. */
  stream_server_address: string;
  stream_server_port: string;
  containerd: {
    default_runtime_name: string;
    runtimes: { runc: { runtime_type: string; options: RuncOptions } };
  };
  registry: { config_path: string };
}

/**
 * A containerd config file, version 2, with containerd's own key names so the TOML reads like containerd's docs.
 * Only the keys this project sets are modelled; containerd fills in the rest with its defaults.
 */
export interface ContainerdConfig {
  version: 2;
  root: string;
  state: string;
  /** A plugin that fails to load stops the daemon instead of leaving it running without CRI. */
  required_plugins: string[];
  grpc: { address: string };
  ttrpc: { address: string };
  debug: { address: string };
  metrics: { address: string };
  plugins: {
    [CRI_PLUGIN_V2]: CriPluginConfig;
    [OPT_PLUGIN]: { path: string };
    [NRI_PLUGIN]: { disable: boolean };
  };
}

/** Directory of the per-registry `hosts.toml` files, under the instance's own config directory. */
export function certsDir(spec: ContainerdCustomSpec): string {
  return `${spec.configDir}/certs.d`;
}

/** Builds the config of containerd-custom from the cluster spec. Pure data: rendering is separate. */
export function buildContainerdConfig(spec: ContainerdCustomSpec): ContainerdConfig {
  return {
    version: 2,
    root: spec.root,
    state: spec.state,
    required_plugins: [CRI_PLUGIN_V2],
    grpc: { address: spec.grpcAddress },
    ttrpc: { address: spec.ttrpcAddress },
    debug: { address: spec.debugAddress },
    metrics: { address: spec.metricsAddress },
    plugins: {
      [CRI_PLUGIN_V2]: {
        sandbox_image: spec.sandboxImage,
        stream_server_address: '127.0.0.1',
        stream_server_port: '0',
        containerd: {
          default_runtime_name: 'runc',
          runtimes: {
            runc: {
              runtime_type: 'io.containerd.runc.v2',
              options: { SystemdCgroup: spec.systemdCgroup, Root: `${spec.state}/runc` },
            },
          },
        },
        registry: { config_path: certsDir(spec) },
      },
      // Without an explicit path the opt plugin falls back to /opt/containerd, shared with the system instance.
      [OPT_PLUGIN]: { path: `${spec.root}/opt` },
      // NRI's default socket would be shared with the system containerd; this instance needs no NRI plugins.
      [NRI_PLUGIN]: { disable: true },
    },
  };
}
