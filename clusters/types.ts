/**
 * The typed description of one cluster. Everything under `dist/<name>/` is derived from one of these, and nothing
 * else: no constant further down may repeat a value that lives here.
 */
export interface ClusterSpec {
  /** Folder name under `dist/` and prefix of cluster-level names. A Kubernetes DNS label. */
  readonly name: string;

  /** Kubernetes minor version of the cluster. Only 1.29 is supported (the schemas and cdk8s-plus-29 pin it). */
  readonly kubernetesVersion: '1.29';

  /** Value of the `kubernetes.io/arch` node label that every workload is pinned to. */
  readonly nodeArch: string;

  /**
   * Host ports that something outside Kubernetes already holds on every node (dockerd, Docker Swarm, the kubelet).
   * No hostNetwork workload of this project may bind one of them.
   */
  readonly reservedHostPorts: readonly ReservedHostPort[];

  /** Image references for every workload. On loong64 they must point at builds that contain a loong64 variant. */
  readonly images: ImageSpec;

  readonly metallb: MetallbSpec;
  readonly containerdCustom: ContainerdCustomSpec;
  readonly nodeBootstrap: NodeBootstrapSpec;

  /** Repository location and target cluster that Argo CD and Flux use to deploy `dist/<name>/`. */
  readonly gitops: GitOpsSpec;
}

export type PortProtocol = 'TCP' | 'UDP';

export interface ReservedHostPort {
  readonly port: number;
  readonly protocol: PortProtocol;
  /** Process that uses the port, shown in error messages. */
  readonly owner: string;
}

export interface ImageSpec {
  readonly metallbController: string;
  readonly metallbSpeaker: string;
  /** Small image with a POSIX shell, `sha256sum` and `nsenter` (busybox has all three). */
  readonly nodeBootstrap: string;
  /** Small image with a shell and `awk` for the speaker's port preflight (busybox has both). */
  readonly preflight: string;
}

export interface MetallbSpec {
  /** Namespace of the MetalLB install. The upstream binaries and RBAC assume `metallb-system`. */
  readonly namespace: string;

  /**
   * Port of the speaker's memberlist, TCP and UDP. This single value feeds `METALLB_ML_BIND_PORT`, the
   * `--ml-bindport` flag and both memberlist container ports.
   */
  readonly memberlistPort: number;

  /** Port of the speaker's and the controller's Prometheus metrics and health probes (`--port`). */
  readonly monitoringPort: number;

  /** `--log-level` of both binaries: all, debug, info, warn, error or none. */
  readonly logLevel: 'all' | 'debug' | 'info' | 'warn' | 'error' | 'none';

  /** Address pools, each announced in layer 2 mode by its own L2Advertisement. */
  readonly addressPools: readonly AddressPoolSpec[];
}

export interface AddressPoolSpec {
  /** IPAddressPool name; the L2Advertisement gets the same name. */
  readonly name: string;
  /** CIDRs (`192.0.2.0/28`) or ranges (`192.0.2.10-192.0.2.20`), IPv4 or IPv6. */
  readonly addresses: readonly string[];
  /** Whether Services without an explicit pool request may get addresses from this pool. @default true */
  readonly autoAssign?: boolean;
  /** Skip addresses ending in .0 and .255, which some old clients mishandle. @default false */
  readonly avoidBuggyIPs?: boolean;
  /** Interfaces the L2Advertisement announces from. @default every interface not excluded by MetalLB */
  readonly interfaces?: readonly string[];
}

/**
 * The second containerd, `containerd-custom`, which runs beside the system containerd that dockerd uses. Key
 * names follow containerd's own configuration where a field maps to one. Every path, socket, port and the unit
 * must differ from the system containerd's defaults; validation names the field that collides.
 */
export interface ContainerdCustomSpec {
  /**
   * containerd config file `version`: 2 for containerd 1.6 and 1.7, 3 for containerd 2.x. It decides the plugin
   * ids every section is written under; containerd ignores sections under the other version's ids without a word.
   * containerd 2.x also reads version 2 and migrates it on load.
   */
  readonly configVersion: ContainerdConfigVersion;
  /** systemd unit that runs the second containerd. */
  readonly unitName: string;
  /** containerd binary the unit runs; the bootstrap uses it to check a config before installing it. */
  readonly binaryPath: string;
  /** Directory holding `config.toml` and `certs.d/`. */
  readonly configDir: string;
  /** containerd `root`: persistent data. The opt plugin's directory is `<root>/opt`. */
  readonly root: string;
  /** containerd `state`: runtime data. runc's state directory (runc option `Root`) is `<state>/runc`. */
  readonly state: string;
  /** `[grpc] address`: the socket clients and the kubelet use. */
  readonly grpcAddress: string;
  /** `[ttrpc] address`. */
  readonly ttrpcAddress: string;
  /** `[debug] address`. */
  readonly debugAddress: string;
  /** `[metrics] address`, host:port. Empty string turns the metrics listener off. */
  readonly metricsAddress: string;
  /** runc `SystemdCgroup` option: true when the kubelet uses the systemd cgroup driver. */
  readonly systemdCgroup: boolean;
  /**
   * The pause image of every pod sandbox (`sandbox_image` in version 2, `pinned_images.sandbox` in version 3). It
   * must exist for the nodes' architecture: the upstream pause image has no loong64 build.
   */
  readonly sandboxImage: string;
  /**
   * GC scheduler `pause_threshold`: the largest share of time garbage collection may pause the daemon, from 0 to
   * 0.5 (containerd's default is 0.02). A TOML float, so it must be a fraction: the TOML library writes a whole
   * number as an integer, which containerd refuses in this field, and validation rejects it.
   */
  readonly gcPauseThreshold: number;
  /**
   * NRI socket of this instance. Absent: NRI is disabled. containerd 2.x enables NRI by default on the system
   * containerd's socket `/var/run/nri/nri.sock`, so a second instance needs NRI off or its own socket.
   */
  readonly nriSocketPath?: string;
  /** Registry mirrors of this instance only; the system containerd keeps its own `/etc/containerd/certs.d`. */
  readonly registry: ContainerdRegistrySpec;
}

export type ContainerdConfigVersion = 2 | 3;

export interface ContainerdRegistrySpec {
  /**
   * How mirrors are written:
   * - `hosts` (the default form): `config_path` points at `<configDir>/certs.d`, with one `hosts.toml` per registry,
   *   which the bootstrap installs from the ConfigMap. containerd reads them on every pull.
   * - `legacy`: inline `registry.mirrors` tables in config.toml, deprecated since containerd 1.7.11 and slated for
   *   removal in 2.x; only with `configVersion` 2, and never together with `configPath`.
   */
  readonly mirrorForm: 'hosts' | 'legacy';
  /**
   * `config_path` of the `hosts` form. Defaults to `<configDir>/certs.d`, where the bootstrap installs the files,
   * and may only be set to that. Must be absent with the `legacy` form: containerd's CRI plugin refuses `mirrors`
   * together with `config_path`.
   */
  readonly configPath?: string;
  /** One entry per registry; validation rejects a registry listed twice. */
  readonly mirrors: readonly RegistryMirrorSpec[];
}

export interface RegistryMirrorSpec {
  /**
   * Registry host as written in image references, lower case, with its port if it has one (`reg.local:5000`);
   * the port stays part of the `certs.d/<host>/` directory name.
   */
  readonly host: string;
  /** Mirror endpoints (`https://mirror.local` or `http://10.0.0.5:5000`), tried in order before the registry itself. */
  readonly endpoints: readonly string[];
}

export interface NodeBootstrapSpec {
  /** Namespace of the bootstrap DaemonSet. */
  readonly namespace: string;
  /** Seconds between checks of containerd-custom's health once the config is installed. */
  readonly checkIntervalSeconds: number;
}

/** Delivery settings that the generated Argo CD and Flux objects carry. Nothing here is contacted at synth time. */
export interface GitOpsSpec {
  /** URL of the Git repository that contains `dist/`, as Argo CD's repo server and Flux's GitRepository clone it. */
  readonly repoURL: string;
  /** Branch, tag or commit SHA that Argo CD syncs; pin a tag or SHA for production. */
  readonly targetRevision: string;
  /** API server URL of the target cluster as registered in Argo CD; `https://kubernetes.default.svc` is Argo CD's own cluster. */
  readonly destinationServer: string;
  readonly argocd: ArgoCdSpec;
  readonly flux: FluxSpec;
}

export interface ArgoCdSpec {
  /** Namespace that Argo CD watches for Application and ApplicationSet objects. Equal for every cluster. */
  readonly namespace: string;
  /** AppProject of every generated Application. */
  readonly project: string;
}

export interface FluxSpec {
  /** Name of the GitRepository that `flux bootstrap` created for this repository. */
  readonly sourceName: string;
  /** Namespace of that GitRepository and of the generated Flux Kustomizations. */
  readonly sourceNamespace: string;
  /** Reconcile interval of every Kustomization, a Go duration of at least 1m (e.g. `10m`). */
  readonly interval: string;
  /** Wait before retrying a failed reconcile, a Go duration (e.g. `1m`). */
  readonly retryInterval: string;
  /** Time limit of one apply including health checks, a Go duration (e.g. `5m`). */
  readonly timeout: string;
}
