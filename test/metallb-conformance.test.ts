import { parse } from 'yaml';
import { clusters } from '../clusters';
import { ClusterSpec } from '../clusters/types';
import { metallbCustomResourceDefinitions } from '../constructs/metallb/crds';
import { METALLB_NAMES } from '../constructs/metallb/names';
import { Change, Difference, diffObjects, formatDifference } from './helpers/object-diff';
import { describeWithReference, isObject, JsonObject, loadYamlDocuments, METALLB_NATIVE_MANIFEST } from './helpers/reference';
import { synthCluster } from './helpers/synth';

/** A change the project makes to the upstream install on purpose. */
interface DeclaredDifference {
  /** `Kind/name` of the object, or `*` for every object. */
  readonly object: string;
  readonly change: Change;
  /** Path as `diffObjects` writes it, where `*` matches any text without a dot, or a regular expression. */
  readonly path: string | RegExp;
  /** Extra condition on the value; without it any value is accepted. */
  readonly allows?: (difference: Difference, spec: ClusterSpec) => boolean;
  readonly reason: string;
  /** Set when the difference may be absent from every cluster, so the table check does not call the entry stale. */
  readonly optional?: true;
}

const CONTROLLER = '.spec.template.spec.containers[controller]';
const SPEAKER = '.spec.template.spec.containers[speaker]';

// Objects the install has beyond upstream's, each with its reason. Each is a ConfigMap in the MetalLB namespace.
const DECLARED_ADDED_OBJECTS: Record<string, string> = {
  'speaker-preflight': 'holds the script of the speaker preflight init container',
};

const isTcp = (difference: Difference) => difference.actual === 'TCP';
const memberlistPort = (difference: Difference, spec: ClusterSpec) => difference.actual === spec.metallb.memberlistPort;

/** Every way our MetalLB install may differ from upstream v0.15.2. Any other difference fails the suite. */
const DECLARED_DIFFERENCES: readonly DeclaredDifference[] = [
  { object: 'DaemonSet/speaker', change: 'added', path: `${SPEAKER}.args[*]`, allows: (d, spec) => d.actual === `--ml-bindport=${spec.metallb.memberlistPort}`, reason: 'dockerd holds 7946 on the nodes, so memberlist binds the configured port; the flag wins over the variable' },
  { object: 'DaemonSet/speaker', change: 'added', path: `${SPEAKER}.env[METALLB_ML_BIND_PORT]`, allows: (d, spec) => isObject(d.actual) && d.actual.value === String(spec.metallb.memberlistPort), reason: 'same memberlist port as --ml-bindport, for tools that read the environment' },
  { object: 'DaemonSet/speaker', change: 'changed', path: `${SPEAKER}.ports[memberlist-*].containerPort`, allows: memberlistPort, reason: 'memberlist container ports follow the moved bind port' },
  { object: 'DaemonSet/speaker', change: 'changed', path: `${SPEAKER}.image`, allows: (d, spec) => d.actual === spec.images.metallbSpeaker, reason: 'upstream images have no loong64 build; the cluster spec names its own' },
  { object: 'Deployment/controller', change: 'changed', path: `${CONTROLLER}.image`, allows: (d, spec) => d.actual === spec.images.metallbController, reason: 'upstream images have no loong64 build; the cluster spec names its own' },
  { object: '*', change: 'added', path: '.spec.template.spec.containers[*].ports[*].protocol', allows: isTcp, reason: 'TCP is the API default; stating it keeps the TCP/UDP memberlist pair explicit and the host port check simple' },
  { object: 'Service/metallb-webhook-service', change: 'added', path: '.spec.ports[0].protocol', allows: isTcp, reason: 'TCP is the API default, stated like on the container ports' },
  { object: '*', change: 'added', path: '.spec.template.spec.nodeSelector["kubernetes.io/arch"]', allows: (d, spec) => d.actual === spec.nodeArch, reason: 'keeps MetalLB on nodes of the architecture its images are built for' },
  { object: 'ValidatingWebhookConfiguration/metallb-webhook-configuration', change: 'removed', path: '.metadata.creationTimestamp', allows: (d) => d.expected === null, reason: 'a null creationTimestamp is a serializer artefact that GitOps tools report as drift' },
  { object: 'ConfigMap/metallb-excludel2', change: 'changed', path: '.data["excludel2.yaml"]', allows: (d) => sameYamlData(d.expected, d.actual), reason: 'the list is written as JSON flow style; the parsed data equals upstream' },
  { object: 'DaemonSet/speaker', change: 'added', path: '.spec.template.spec.initContainers', allows: (d) => Array.isArray(d.actual) && d.actual.length === 1 && d.actual[0].name === 'preflight-ports', reason: 'the preflight init container fails fast, naming port and node, when a host process already holds a speaker port' },
  { object: 'DaemonSet/speaker', change: 'added', path: '.spec.template.spec.volumes[preflight]', reason: 'carries the preflight script from its ConfigMap into the init container' },
  { object: 'DaemonSet/speaker', change: 'added', path: '.spec.template.metadata.annotations["checksum/preflight"]', reason: 'rolls the speaker when the preflight script changes, since the init container reads it from a ConfigMap' },
  { object: '*', change: 'added', path: /^\.metadata\.annotations\["(argocd\.argoproj\.io|kustomize\.toolkit\.fluxcd\.io)\//, reason: 'GitOps sync order and apply policy annotations; they do not reach the pods', optional: true },
];

function sameYamlData(expected: unknown, actual: unknown): boolean {
  if (typeof expected !== 'string' || typeof actual !== 'string') {
    return false;
  }
  return JSON.stringify(parse(expected)) === JSON.stringify(parse(actual));
}

function pathPattern(path: string | RegExp): RegExp {
  if (path instanceof RegExp) {
    return path;
  }
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, (char) => (char === '*' ? '[^.]*' : `\\${char}`));
  return new RegExp(`^${escaped}$`);
}

function objectId(manifest: JsonObject): string {
  return `${manifest.kind}/${(manifest.metadata as JsonObject).name}`;
}

/** Returns the first table entry that covers `difference` on object `id`, checking its value condition too. */
function declaredEntry(id: string, difference: Difference, spec: ClusterSpec): DeclaredDifference | undefined {
  return DECLARED_DIFFERENCES.find(
    (entry) =>
      (entry.object === '*' || entry.object === id) &&
      entry.change === difference.change &&
      pathPattern(entry.path).test(difference.path) &&
      (entry.allows === undefined || entry.allows(difference, spec)),
  );
}

const UPSTREAM_NAMESPACE = 'metallb-system';

/** Copies an upstream object, moving every reference to upstream's namespace to `namespace`. */
function inNamespace(manifest: JsonObject, namespace: string): JsonObject {
  const retarget = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) {
      return value.map((item) => retarget(item));
    }
    if (isObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([childKey, child]) => [childKey, retarget(child, childKey)]));
    }
    return key === 'namespace' && value === UPSTREAM_NAMESPACE ? namespace : value;
  };
  const copy = retarget(manifest) as JsonObject;
  if (copy.kind === 'Namespace') {
    (copy.metadata as JsonObject).name = namespace;
  }
  return copy;
}

/** Lists the differences between each upstream object and ours, tagged with the object id, in upstream order. */
function compareWithUpstream(upstream: JsonObject[], ours: JsonObject[]): Array<{ id: string; difference: Difference }> {
  const found: Array<{ id: string; difference: Difference }> = [];
  const oursById = new Map(ours.map((manifest) => [objectId(manifest), manifest]));

  for (const manifest of upstream) {
    const id = objectId(manifest);
    const own = oursById.get(id);
    if (own === undefined) {
      found.push({ id, difference: { path: '(object)', change: 'removed', expected: id } });
    } else if (manifest.kind !== 'CustomResourceDefinition') {
      // CRDs differ in their descriptions; the CRD suite compares their schemas keyword by keyword.
      found.push(...diffObjects(manifest, own).map((difference) => ({ id, difference })));
    }
  }
  return found;
}

describe('declared differences table', () => {
  test('every entry has a reason', () => {
    const withoutReason = DECLARED_DIFFERENCES.filter((entry) => entry.reason.trim().length < 20);
    expect(withoutReason).toEqual([]);
  });

  test('path patterns match whole names only', () => {
    const pattern = pathPattern(`${SPEAKER}.ports[memberlist-*].containerPort`);
    expect(pattern.test(`${SPEAKER}.ports[memberlist-tcp].containerPort`)).toBe(true);
    expect(pattern.test(`${SPEAKER}.ports[memberlist-tcp].hostPort`)).toBe(false);
    expect(pattern.test(`.x${SPEAKER}.ports[memberlist-tcp].containerPort`)).toBe(false);
  });
});

describeWithReference('MetalLB install against upstream v0.15.2', () => {
  const upstreamManifests = loadYamlDocuments(METALLB_NATIVE_MANIFEST);
  const results = clusters.map((spec) => {
    const upstream = upstreamManifests.map((manifest) => inNamespace(manifest, spec.metallb.namespace));
    const ours = JSON.parse(JSON.stringify(synthCluster(spec).byChart.metallb)) as JsonObject[];
    return { spec, upstream, ours, differences: compareWithUpstream(upstream, ours) };
  });

  test('upstream manifest has the expected objects', () => {
    // Guards the comparison itself: a truncated or wrong reference file would otherwise compare too little.
    const kinds = upstreamManifests.map((manifest) => manifest.kind);
    expect(kinds.filter((kind) => kind === 'CustomResourceDefinition')).toHaveLength(8);
    expect(upstreamManifests.map(objectId)).toEqual(expect.arrayContaining(['DaemonSet/speaker', 'Deployment/controller']));
  });

  describe.each(results.map((result) => [result.spec.name, result] as const))('cluster %s', (_name, result) => {
    const { spec, upstream, ours, differences } = result;

    test('same objects as upstream', () => {
      const key = (manifest: JsonObject) => {
        const metadata = manifest.metadata as JsonObject;
        return [manifest.apiVersion, manifest.kind, metadata.namespace ?? '', metadata.name].join(' ');
      };
      const added = ours.map(key).filter((id) => !upstream.map(key).includes(id));
      expect(added).toEqual(Object.keys(DECLARED_ADDED_OBJECTS).map((name) => `v1 ConfigMap ${spec.metallb.namespace} ${name}`));
      expect(upstream.map(key).filter((id) => !ours.map(key).includes(id))).toEqual([]);
    });

    test.each(upstream.map((manifest) => [objectId(manifest)]))('%s has no undeclared difference', (id) => {
      const undeclared = differences
        .filter((found) => found.id === id && declaredEntry(id, found.difference, spec) === undefined)
        .map((found) => `${id} ${formatDifference(found.difference)}`);
      expect(undeclared).toEqual([]);
    });

    test('RBAC equals upstream', () => {
      // Declared differences do not apply here: a missing verb or resource stops a MetalLB component.
      const rbacKinds = ['ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];
      const rbac = differences.filter((found) => rbacKinds.includes(found.id.split('/')[0]) && !found.difference.path.startsWith('.metadata.annotations'));
      expect(rbac.map((found) => `${found.id} ${formatDifference(found.difference)}`)).toEqual([]);
      expect(ours.filter((manifest) => rbacKinds.includes(manifest.kind as string))).toHaveLength(10);
    });

    test('webhook configuration has six webhooks', () => {
      const configuration = ours.find((manifest) => objectId(manifest) === `ValidatingWebhookConfiguration/${METALLB_NAMES.webhookConfiguration}`)!;
      const webhooks = configuration.webhooks as JsonObject[];
      expect(webhooks).toHaveLength(6);
      for (const webhook of webhooks) {
        expect(webhook.failurePolicy).toBe('Fail');
        expect(webhook.sideEffects).toBe('None');
      }
    });

    test('CRDs equal the checked CRD data', () => {
      // GitOps sync annotations are the only metadata the charts add to the CRD data.
      const synthesized = ours
        .filter((manifest) => manifest.kind === 'CustomResourceDefinition')
        .map((manifest) => ({ ...manifest, metadata: { name: (manifest.metadata as JsonObject).name } }));
      const expected = metallbCustomResourceDefinitions({ namespace: spec.metallb.namespace, webhookServiceName: METALLB_NAMES.webhookService });
      expect(synthesized).toEqual(JSON.parse(JSON.stringify(expected)));
    });

    test('bgppeers conversion webhook present', () => {
      const bgpPeers = ours.find((manifest) => objectId(manifest) === 'CustomResourceDefinition/bgppeers.metallb.io')!;
      const conversion = (bgpPeers.spec as JsonObject).conversion as JsonObject;
      expect(conversion.strategy).toBe('Webhook');
      expect(((conversion.webhook as JsonObject).clientConfig as JsonObject).service).toEqual({
        name: METALLB_NAMES.webhookService,
        namespace: spec.metallb.namespace,
        path: '/convert',
      });
    });
  });

  test('every required table entry is used', () => {
    const used = new Set<DeclaredDifference>();
    for (const { spec, differences } of results) {
      for (const found of differences) {
        const entry = declaredEntry(found.id, found.difference, spec);
        if (entry !== undefined) used.add(entry);
      }
    }
    const stale = DECLARED_DIFFERENCES.filter((entry) => !entry.optional && !used.has(entry)).map((entry) => `${entry.object} ${entry.change} ${entry.path}`);
    expect(stale).toEqual([]);
  });

  test('undeclared value is reported with its path', () => {
    const [spec] = clusters;
    const upstreamSpeaker = results[0].upstream.find((manifest) => objectId(manifest) === 'DaemonSet/speaker')!;
    const speaker = structuredClone(results[0].ours.find((manifest) => objectId(manifest) === 'DaemonSet/speaker')!) as any;
    speaker.spec.template.spec.containers[0].args.push('--ml-bindport=1');
    speaker.spec.template.spec.containers[0].securityContext.capabilities.add = ['NET_RAW', 'NET_ADMIN'];
    delete speaker.spec.template.spec.tolerations;

    const undeclared = diffObjects(upstreamSpeaker, speaker)
      .filter((difference) => declaredEntry('DaemonSet/speaker', difference, spec) === undefined)
      .map(formatDifference);

    expect(undeclared).toEqual([
      `${SPEAKER}.args[3]: "--ml-bindport=1" is not in upstream`,
      `${SPEAKER}.securityContext.capabilities.add[1]: "NET_ADMIN" is not in upstream`,
      '.spec.template.spec.tolerations: missing, upstream has [{"effect":"NoSchedule","key":"node-role.kubernetes.io/master","operator":"Exists"},{"effect":"NoSchedule","key":"node-role.kubernetes.io/control-plane","operator":"Exists"}]',
    ]);
  });
});
