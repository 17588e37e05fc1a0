import * as v from 'valibot';
import { ClusterSpec } from '../../clusters/types';

/*
 * The shape of a cluster spec as a valibot schema: which keys exist, which are optional and what type each value
 * has. It rejects unknown keys, so a misspelt key is reported instead of silently ignored. Value rules (ranges,
 * syntax, collisions) live in the semantic checks, which run once the shape is right.
 */

const portProtocol = v.picklist(['TCP', 'UDP']);

const reservedHostPort = v.strictObject({ port: v.number(), protocol: portProtocol, owner: v.string() });

const images = v.strictObject({
  metallbController: v.string(),
  metallbSpeaker: v.string(),
  nodeBootstrap: v.string(),
  preflight: v.string(),
});

const addressPool = v.strictObject({
  name: v.string(),
  addresses: v.array(v.string()),
  autoAssign: v.optional(v.boolean()),
  avoidBuggyIPs: v.optional(v.boolean()),
  interfaces: v.optional(v.array(v.string())),
});

const metallb = v.strictObject({
  namespace: v.string(),
  memberlistPort: v.number(),
  monitoringPort: v.number(),
  logLevel: v.picklist(['all', 'debug', 'info', 'warn', 'error', 'none']),
  addressPools: v.array(addressPool),
});

const registryMirror = v.strictObject({ host: v.string(), endpoints: v.array(v.string()) });

const containerdCustom = v.strictObject({
  configVersion: v.picklist([2, 3]),
  unitName: v.string(),
  binaryPath: v.string(),
  configDir: v.string(),
  root: v.string(),
  state: v.string(),
  grpcAddress: v.string(),
  ttrpcAddress: v.string(),
  debugAddress: v.string(),
  metricsAddress: v.string(),
  systemdCgroup: v.boolean(),
  sandboxImage: v.string(),
  gcPauseThreshold: v.number(),
  nriSocketPath: v.optional(v.string()),
  registry: v.strictObject({
    mirrorForm: v.picklist(['hosts', 'legacy']),
    configPath: v.optional(v.string()),
    mirrors: v.array(registryMirror),
  }),
});

const nodeBootstrap = v.strictObject({ namespace: v.string(), checkIntervalSeconds: v.number() });

const gitops = v.strictObject({
  repoURL: v.string(),
  targetRevision: v.string(),
  destinationServer: v.string(),
  argocd: v.strictObject({ namespace: v.string(), project: v.string() }),
  flux: v.strictObject({
    sourceName: v.string(),
    sourceNamespace: v.string(),
    interval: v.string(),
    retryInterval: v.string(),
    timeout: v.string(),
  }),
});

/** Top-level sections, each checked on its own so one bad section does not hide problems in the others. */
export const SECTION_SCHEMAS = {
  name: v.string(),
  kubernetesVersion: v.literal('1.29'),
  nodeArch: v.string(),
  reservedHostPorts: v.array(reservedHostPort),
  images,
  metallb,
  containerdCustom,
  nodeBootstrap,
  gitops,
} as const;

export const CLUSTER_SPEC_SCHEMA = v.strictObject(SECTION_SCHEMAS);

// Compile-time proof that the schema and the ClusterSpec interface describe the same shape in both directions:
// tsc fails here when a field is added to one and not the other.
type DeepMutable<T> = T extends readonly (infer Item)[]
  ? DeepMutable<Item>[]
  : T extends object
    ? { -readonly [Key in keyof T]: DeepMutable<T[Key]> }
    : T;
type SchemaOutput = v.InferOutput<typeof CLUSTER_SPEC_SCHEMA>;
const schemaFitsInterface: SchemaOutput extends ClusterSpec ? true : never = true;
const interfaceFitsSchema: DeepMutable<ClusterSpec> extends SchemaOutput ? true : never = true;
void schemaFitsInterface;
void interfaceFitsSchema;
