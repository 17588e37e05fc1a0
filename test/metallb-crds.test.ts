import { ApiObject, Chart } from 'cdk8s';
import { CustomResourceDefinitionManifest, metallbCustomResourceDefinitions } from '../constructs/metallb/crds';
import { describeWithReference, isObject, Json, JsonObject, loadYamlDocuments, METALLB_NATIVE_MANIFEST } from './helpers/reference';
import { appWithoutOutput } from './helpers/synth';

const OPTIONS = { namespace: 'metallb-system', webhookServiceName: 'metallb-webhook-service' };

const UPSTREAM_ORDER = [
  'bfdprofiles.metallb.io',
  'bgpadvertisements.metallb.io',
  'bgppeers.metallb.io',
  'communities.metallb.io',
  'ipaddresspools.metallb.io',
  'l2advertisements.metallb.io',
  'servicebgpstatuses.metallb.io',
  'servicel2statuses.metallb.io',
];

const MAX_DESCRIPTION_LENGTH = 80;

function asObject(value: Json | undefined, label: string): JsonObject {
  if (!isObject(value)) {
    throw new Error(`Expected ${label} to be an object, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Round-trips through JSON so our manifests can be walked like the parsed YAML, without `undefined` values. */
function toJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** JSON text with object keys sorted, so that key order never counts as a difference. */
function canonical(value: Json | undefined): string {
  if (value === undefined) {
    return 'undefined';
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (isObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

function ourManifests(): JsonObject[] {
  return metallbCustomResourceDefinitions(OPTIONS).map((manifest) => asObject(toJson(manifest), 'manifest'));
}

function crdName(crd: JsonObject): string {
  return asObject(crd.metadata, 'metadata').name as string;
}

function crdSpec(crd: JsonObject): JsonObject {
  return asObject(crd.spec, `${crdName(crd)} spec`);
}

function versionsOf(crd: JsonObject): JsonObject[] {
  const versions = crdSpec(crd).versions;
  if (!Array.isArray(versions)) {
    throw new Error(`${crdName(crd)} has no versions list`);
  }
  return versions.map((version) => asObject(version, `${crdName(crd)} version`));
}

function findVersion(crd: JsonObject, name: string): JsonObject | undefined {
  return versionsOf(crd).find((version) => version.name === name);
}

function schemaOf(version: JsonObject): Json | undefined {
  const schema = version.schema;
  return isObject(schema) ? schema.openAPIV3Schema : undefined;
}

/** Schema keywords that hold nested schemas. The walk descends into them instead of comparing them whole. */
const NESTED_SCHEMA_KEYWORDS = new Set(['properties', 'items', 'additionalProperties']);

/**
 * Flattens a schema into `path -> value` entries: one `<path> (node)` marker per schema node, so
 * that a node without keywords still counts, plus one `<path> <keyword>` entry per keyword except
 * `description`. Paths read like `.spec.nodeSelectors[].matchLabels{}`, where `[]` is `items` and
 * `{}` is `additionalProperties`.
 */
function flattenSchema(node: Json | undefined, at: string, out: Map<string, string>): Map<string, string> {
  const shownPath = at === '' ? '.' : at;
  out.set(`${shownPath} (node)`, isObject(node) ? 'schema' : canonical(node));
  if (!isObject(node)) {
    return out;
  }

  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === 'description') {
      continue;
    }
    if (NESTED_SCHEMA_KEYWORDS.has(keyword) && isObject(value)) {
      continue;
    }
    out.set(`${shownPath} ${keyword}`, canonical(value));
  }

  if (isObject(node.properties)) {
    for (const [name, child] of Object.entries(node.properties)) {
      flattenSchema(child, `${at}.${name}`, out);
    }
  }
  if (isObject(node.items)) {
    flattenSchema(node.items, `${at}[]`, out);
  }
  if (isObject(node.additionalProperties)) {
    flattenSchema(node.additionalProperties, `${at}{}`, out);
  }
  return out;
}

/** Lists every difference between two schemas apart from descriptions, each prefixed with `label`. */
function diffSchemas(expected: Json | undefined, actual: Json | undefined, label: string): string[] {
  const expectedEntries = flattenSchema(expected, '', new Map());
  const actualEntries = flattenSchema(actual, '', new Map());
  const keys = new Set([...expectedEntries.keys(), ...actualEntries.keys()]);
  const differences: string[] = [];

  for (const key of [...keys].sort()) {
    const want = expectedEntries.get(key);
    const got = actualEntries.get(key);
    if (want === got) {
      continue;
    }
    if (got === undefined) {
      differences.push(`${label} ${key}: missing, upstream has ${want}`);
    } else if (want === undefined) {
      differences.push(`${label} ${key}: ${got} is not in upstream`);
    } else {
      differences.push(`${label} ${key}: expected ${want}, got ${got}`);
    }
  }
  return differences;
}

/** Calls `visit` for every key of every object under `value`, with a JSON-pointer-like path. */
function walkKeys(value: Json | undefined, at: string, visit: (key: string, child: Json, at: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => walkKeys(item, `${at}/${index}`, visit));
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      visit(key, child, `${at}/${key}`);
      walkKeys(child, `${at}/${key}`, visit);
    }
  }
}

/** Collects every string under a `description` key, in schemas and printer columns alike. */
function collectDescriptions(value: Json | undefined): string[] {
  const descriptions: string[] = [];
  walkKeys(value, '', (key, child) => {
    if (key === 'description' && typeof child === 'string') {
      descriptions.push(child);
    }
  });
  return descriptions;
}

/** Calls `visit` for every schema node: the root and everything under properties, items and additionalProperties. */
function walkSchemaNodes(node: Json | undefined, at: string, visit: (node: JsonObject, at: string) => void): void {
  if (!isObject(node)) {
    return;
  }
  visit(node, at === '' ? '.' : at);
  if (isObject(node.properties)) {
    for (const [name, child] of Object.entries(node.properties)) {
      walkSchemaNodes(child, `${at}.${name}`, visit);
    }
  }
  walkSchemaNodes(node.items, `${at}[]`, visit);
  walkSchemaNodes(node.additionalProperties, `${at}{}`, visit);
}

/** The parts of a version compared with upstream, apart from its schema. */
function versionSummary(version: JsonObject): JsonObject {
  const columns = Array.isArray(version.additionalPrinterColumns) ? version.additionalPrinterColumns : [];
  return {
    keys: Object.keys(version)
      .filter((key) => key !== 'deprecationWarning')
      .sort(),
    served: version.served ?? null,
    storage: version.storage ?? null,
    deprecated: version.deprecated ?? null,
    hasDeprecationWarning: typeof version.deprecationWarning === 'string',
    additionalPrinterColumns: columns.map((column) => {
      const { description: _description, ...rest } = asObject(column, 'printer column');
      return rest;
    }),
    subresources: version.subresources ?? null,
  };
}

describe('MetalLB CRDs', () => {
  test('eight CRDs in upstream order', () => {
    expect(ourManifests().map(crdName)).toEqual(UPSTREAM_ORDER);
  });

  test('ipaddresspools requires addresses', () => {
    const crd = ourManifests().find((manifest) => crdName(manifest) === 'ipaddresspools.metallb.io')!;
    const schema = asObject(schemaOf(findVersion(crd, 'v1beta1')!), 'schema');
    const spec = asObject(asObject(schema.properties, 'root properties').spec, 'spec schema');

    expect(spec.required).toEqual(['addresses']);
    expect(schema.required).toEqual(['spec']);
  });

  test('bgppeers stores v1beta2', () => {
    const crd = ourManifests().find((manifest) => crdName(manifest) === 'bgppeers.metallb.io')!;
    const v1beta1 = findVersion(crd, 'v1beta1')!;
    const v1beta2 = findVersion(crd, 'v1beta2')!;

    expect(v1beta2.storage).toBe(true);
    expect(v1beta1.storage).toBe(false);
    expect(v1beta1.served).toBe(true);
    expect(v1beta1.deprecated).toBe(true);
    expect(v1beta2.deprecated).toBeUndefined();
  });

  test.each(UPSTREAM_ORDER)('%s has one storage version', (name) => {
    const crd = ourManifests().find((manifest) => crdName(manifest) === name)!;
    const storageVersions = versionsOf(crd).filter((version) => version.storage === true);

    expect(storageVersions).toHaveLength(1);
  });

  test('conversion service follows options', () => {
    const manifests = metallbCustomResourceDefinitions({ namespace: 'lb', webhookServiceName: 'conv-svc' });
    const bgpPeers = manifests.find((manifest) => manifest.metadata.name === 'bgppeers.metallb.io')!;

    expect(bgpPeers.spec.conversion).toEqual({
      strategy: 'Webhook',
      webhook: {
        clientConfig: { service: { namespace: 'lb', name: 'conv-svc', path: '/convert' } },
        conversionReviewVersions: ['v1beta1', 'v1beta2'],
      },
    });
  });

  test('only bgppeers has a conversion', () => {
    const withConversion = ourManifests()
      .filter((manifest) => crdSpec(manifest).conversion !== undefined)
      .map(crdName);

    expect(withConversion).toEqual(['bgppeers.metallb.io']);
  });

  test.each([
    ['namespace', { namespace: '', webhookServiceName: 'metallb-webhook-service' }],
    ['namespace', { namespace: 'MetalLB', webhookServiceName: 'metallb-webhook-service' }],
    ['namespace', { namespace: 'metallb-', webhookServiceName: 'metallb-webhook-service' }],
    ['namespace', { namespace: 'a'.repeat(64), webhookServiceName: 'metallb-webhook-service' }],
    ['webhookServiceName', { namespace: 'metallb-system', webhookServiceName: '' }],
    ['webhookServiceName', { namespace: 'metallb-system', webhookServiceName: '9-webhook' }],
    ['webhookServiceName', { namespace: 'metallb-system', webhookServiceName: 'webhook.service' }],
  ])('invalid %s is rejected: %j', (field, options) => {
    expect(() => metallbCustomResourceDefinitions(options)).toThrow(`Invalid MetalLB CRD option ${field}`);
  });

  test('no caBundle, creationTimestamp or CRD status', () => {
    for (const manifest of ourManifests()) {
      const forbidden: string[] = [];
      walkKeys(manifest, '', (key, _child, at) => {
        if (key === 'caBundle' || key === 'creationTimestamp') {
          forbidden.push(`${crdName(manifest)} ${at}`);
        }
      });

      expect(forbidden).toEqual([]);
      expect(Object.keys(manifest).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    }
  });

  test('every schema node is structural', () => {
    const problems: string[] = [];
    for (const manifest of ourManifests()) {
      for (const version of versionsOf(manifest)) {
        walkSchemaNodes(schemaOf(version), '', (node, at) => {
          const label = `${crdName(manifest)} ${version.name} ${at}`;
          const typeFree =
            node['x-kubernetes-int-or-string'] === true || node['x-kubernetes-preserve-unknown-fields'] === true;
          if (node.type === undefined && !typeFree) {
            problems.push(`${label}: no type`);
          }
          if ((node.properties !== undefined || node.additionalProperties !== undefined) && node.type !== 'object') {
            problems.push(`${label}: properties on type ${String(node.type)}`);
          }
          if (node.items !== undefined && node.type !== 'array') {
            problems.push(`${label}: items on type ${String(node.type)}`);
          }
          if (node.type === 'array' && !isObject(node.items)) {
            problems.push(`${label}: array without items`);
          }
        });
      }
    }

    expect(problems).toEqual([]);
  });

  test('no object shared between positions', () => {
    // A shared object would make a YAML writer emit anchors and aliases, which many tools reject.
    const seen = new Set<object>();
    const shared: string[] = [];
    const visit = (value: unknown, at: string): void => {
      if (typeof value !== 'object' || value === null) {
        return;
      }
      if (seen.has(value)) {
        shared.push(at);
        return;
      }
      seen.add(value);
      for (const [key, child] of Object.entries(value)) {
        visit(child, `${at}/${key}`);
      }
    };
    metallbCustomResourceDefinitions(OPTIONS).forEach((manifest, index) => visit(manifest, `/${index}`));

    expect(shared).toEqual([]);
  });

  test('descriptions are short', () => {
    const long = ourManifests()
      .flatMap((manifest) => collectDescriptions(manifest))
      .filter((description) => description.length > MAX_DESCRIPTION_LENGTH);

    expect(long).toEqual([]);
  });

  test('cdk8s ApiObject emits manifests verbatim', () => {
    const manifests: CustomResourceDefinitionManifest[] = metallbCustomResourceDefinitions(OPTIONS);
    // Compile-time check: callers may treat the spec as a plain record.
    const spec: Record<string, unknown> = manifests[0].spec;
    expect(spec.group).toBe('metallb.io');

    const chart = new Chart(appWithoutOutput(), 'crds');
    manifests.forEach((manifest, index) => new ApiObject(chart, `crd-${index}`, manifest));

    expect(chart.toJson()).toEqual(toJson(manifests));
  });

  test('schema diff reports removed property and changed enum', () => {
    const crd = ourManifests().find((manifest) => crdName(manifest) === 'bgppeers.metallb.io')!;
    const original = schemaOf(findVersion(crd, 'v1beta2')!)!;
    const broken = toJson(original);
    const specSchema = asObject(asObject(asObject(broken, 'schema').properties, 'properties').spec, 'spec');
    const specProperties = asObject(specSchema.properties, 'spec properties');
    delete specProperties.vrf;
    asObject(specProperties.dynamicASN, 'dynamicASN').enum = ['internal'];
    asObject(specProperties.peerPort, 'peerPort').description = 'text differences are ignored';

    expect(diffSchemas(original, broken, 'bgppeers v1beta2')).toEqual([
      'bgppeers v1beta2 .spec.dynamicASN enum: expected ["internal","external"], got ["internal"]',
      'bgppeers v1beta2 .spec.vrf (node): missing, upstream has schema',
      'bgppeers v1beta2 .spec.vrf type: missing, upstream has "string"',
    ]);
  });
});

/** Loads the CRD documents of the upstream native manifest. */
function loadUpstreamCrds(): JsonObject[] {
  return loadYamlDocuments(METALLB_NATIVE_MANIFEST).filter((value) => value.kind === 'CustomResourceDefinition');
}

describeWithReference('MetalLB CRDs against upstream v0.15.2', () => {
  const upstream = loadUpstreamCrds();
  const upstreamByName = new Map(upstream.map((crd) => [crdName(crd), crd]));
  const versionCases = upstream.flatMap((crd) =>
    versionsOf(crd).map((version) => [crdName(crd), version.name as string] as const),
  );

  function ourCrd(name: string): JsonObject {
    const crd = ourManifests().find((manifest) => crdName(manifest) === name);
    if (crd === undefined) {
      throw new Error(`CRD ${name} is in upstream but not in metallbCustomResourceDefinitions()`);
    }
    return crd;
  }

  test('same CRD names in same order', () => {
    expect(ourManifests().map(crdName)).toEqual(upstream.map(crdName));
  });

  test.each(UPSTREAM_ORDER)('%s group, names, scope and spec keys', (name) => {
    const ours = crdSpec(ourCrd(name));
    const theirs = crdSpec(upstreamByName.get(name)!);

    expect(ours.group).toEqual(theirs.group);
    expect(ours.names).toEqual(theirs.names);
    expect(ours.scope).toEqual(theirs.scope);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    expect(versionsOf(ourCrd(name)).map((version) => version.name)).toEqual(
      versionsOf(upstreamByName.get(name)!).map((version) => version.name),
    );
  });

  test.each(UPSTREAM_ORDER)('%s conversion', (name) => {
    expect(crdSpec(ourCrd(name)).conversion).toEqual(crdSpec(upstreamByName.get(name)!).conversion);
  });

  test.each(versionCases)('%s %s flags, columns, subresources', (name, versionName) => {
    const ours = findVersion(ourCrd(name), versionName);
    const theirs = findVersion(upstreamByName.get(name)!, versionName)!;

    expect(ours).toBeDefined();
    // Keyed by CRD and version so that a failure names both.
    expect({ [`${name} ${versionName}`]: versionSummary(ours!) }).toEqual({
      [`${name} ${versionName}`]: versionSummary(theirs),
    });
  });

  test.each(versionCases)('%s %s openAPIV3Schema', (name, versionName) => {
    const ours = findVersion(ourCrd(name), versionName);
    const theirs = findVersion(upstreamByName.get(name)!, versionName)!;

    expect(ours).toBeDefined();
    expect(diffSchemas(schemaOf(theirs), schemaOf(ours!), `${name} ${versionName}`)).toEqual([]);
  });

  test('no description copied from upstream', () => {
    const upstreamDescriptions = new Set(upstream.flatMap(collectDescriptions).map((text) => text.trim()));
    const copied = ourManifests()
      .flatMap((manifest) => collectDescriptions(manifest))
      .filter((description) => upstreamDescriptions.has(description.trim()));

    expect(upstreamDescriptions.size).toBeGreaterThan(0);
    expect(copied).toEqual([]);
  });
});
