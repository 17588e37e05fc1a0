import * as fs from 'fs';
import * as path from 'path';
import { clusters } from '../clusters';
import { CustomResourceDefinitionManifest, metallbCustomResourceDefinitions } from '../constructs/metallb/crds';
import { METALLB_NAMES } from '../constructs/metallb/names';
import { describeWithReference, JsonObject, KUBERNETES_DEFINITIONS, loadYamlDocuments } from './helpers/reference';
import { ObjectSchemaValidator, SchemaError } from './helpers/schema-validation';

const DIST_DIR = path.resolve(__dirname, '../dist');

interface DistObject {
  /** Path relative to the repository root, such as `dist/loongarch-prod/metallb/Deployment.controller.k8s.yaml`. */
  readonly file: string;
  readonly manifest: JsonObject;
}

function listYamlFiles(folder: string): string[] {
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) return listYamlFiles(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    })
    .sort();
}

function loadDist(): DistObject[] {
  return listYamlFiles(DIST_DIR).flatMap((file) =>
    loadYamlDocuments(file).map((manifest) => ({ file: path.relative(path.dirname(DIST_DIR), file), manifest })),
  );
}

function describeObject(manifest: JsonObject): string {
  const metadata = (manifest.metadata ?? {}) as JsonObject;
  const name = metadata.namespace ? `${String(metadata.namespace)}/${String(metadata.name)}` : String(metadata.name);
  return `${String(manifest.kind)} ${name}`;
}

function formatErrors(object: DistObject, errors: SchemaError[]): string[] {
  return errors.map((error) => `${object.file}: ${describeObject(object.manifest)} ${error.path}: ${error.message}`);
}

// API groups whose objects other suites check against their own schemas; this suite has no schema for them.
const CHECKED_ELSEWHERE: Record<string, string> = {
  'kustomize.config.k8s.io': 'kustomization.yaml files; the GitOps suite builds every folder with kubectl kustomize',
  'argoproj.io': 'Argo CD Applications and ApplicationSets; the GitOps suite validates them with @kubernetes-models/argo-cd',
  'kustomize.toolkit.fluxcd.io': 'Flux Kustomizations; the GitOps suite validates them with @kubernetes-models/flux-cd',
};

function apiGroupOf(manifest: JsonObject): string {
  const apiVersion = String(manifest.apiVersion);
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

const allDistObjects = loadDist();
const distObjects = allDistObjects.filter((object) => !(apiGroupOf(object.manifest) in CHECKED_ELSEWHERE));

describe('dist/ files', () => {
  test('objects left to other suites are only those groups', () => {
    const elsewhere = allDistObjects.filter((object) => apiGroupOf(object.manifest) in CHECKED_ELSEWHERE);
    expect(elsewhere.length).toBeGreaterThan(0);
    for (const object of elsewhere) expect(Object.keys(CHECKED_ELSEWHERE)).toContain(apiGroupOf(object.manifest));
  });

  test('every cluster has YAML in dist/', () => {
    for (const spec of clusters) {
      const files = distObjects.filter((object) => object.file.startsWith(`dist/${spec.name}/`));
      expect({ cluster: spec.name, files: files.length > 0 }).toEqual({ cluster: spec.name, files: true });
    }
  });
});

describe('metallb.io objects in dist/ against the project CRDs', () => {
  const validator = new ObjectSchemaValidator();
  validator.addCustomResourceDefinitions(metallbCustomResourceDefinitions({ namespace: 'metallb-system', webhookServiceName: METALLB_NAMES.webhookService }));
  const custom = distObjects.filter((object) => String(object.manifest.apiVersion).startsWith('metallb.io/'));

  test('there are metallb.io objects', () => {
    expect(custom.map((object) => object.manifest.kind)).toEqual(expect.arrayContaining(['IPAddressPool', 'L2Advertisement']));
  });

  test('no schema errors', () => {
    const errors = custom.flatMap((object) => formatErrors(object, validator.validate(object.manifest)));
    expect(errors).toEqual([]);
  });

  test('unknown and mistyped fields rejected', () => {
    const pool = {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'IPAddressPool',
      metadata: { name: 'bad', namespace: 'metallb-system' },
      spec: { addresses: ['10.0.0.1/32'], autoAssign: 'yes', avoidBuggyIps: true },
    };
    expect(validator.validate(pool)).toEqual([
      { path: '/spec', message: 'must NOT have additional properties (avoidBuggyIps)' },
      { path: '/spec/autoAssign', message: 'must be boolean' },
    ]);
  });

  test('missing required field rejected', () => {
    const advertisement = { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'x' }, spec: {} };
    expect(validator.validate(advertisement)).toEqual([{ path: '/spec', message: "must have required property 'addresses'" }]);
  });

  test('unknown kind reported', () => {
    const unknown = { apiVersion: 'metallb.io/v1', kind: 'IPAddressPool', metadata: { name: 'x' } };
    expect(validator.validate(unknown)).toEqual([{ path: '/', message: 'no schema for apiVersion metallb.io/v1 kind IPAddressPool; add its definitions or CRD to the validator' }]);
  });

  test('int-or-string marker accepts both', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  apiVersion: { type: 'string' },
                  kind: { type: 'string' },
                  metadata: { type: 'object' },
                  spec: { type: 'object', properties: { port: { 'x-kubernetes-int-or-string': true } } },
                },
              },
            },
          },
        ],
      },
    } as unknown as CustomResourceDefinitionManifest;
    const widgets = new ObjectSchemaValidator();
    widgets.addCustomResourceDefinitions([crd]);
    const widget = (port: number | string | boolean) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { port } });

    expect(widgets.validate(widget(80))).toEqual([]);
    expect(widgets.validate(widget('http'))).toEqual([]);
    expect(widgets.validate(widget(true)).map((error) => error.path)).toContain('/spec/port');
  });
});

describeWithReference('dist/ against Kubernetes 1.29 and the project CRDs', () => {
  const validator = new ObjectSchemaValidator();
  validator.addKubernetesDefinitions(KUBERNETES_DEFINITIONS);
  validator.addCustomResourceDefinitions(metallbCustomResourceDefinitions({ namespace: 'metallb-system', webhookServiceName: METALLB_NAMES.webhookService }));

  test('every object has a schema', () => {
    const unknown = distObjects.filter((object) => !validator.knows(object.manifest)).map((object) => `${object.file}: ${describeObject(object.manifest)}`);
    expect(unknown).toEqual([]);
  });

  test.each(clusters.map((spec) => [spec.name]))('%s has no schema errors', (cluster) => {
    const objects = distObjects.filter((object) => object.file.startsWith(`dist/${cluster}/`));
    const errors = objects.flatMap((object) => formatErrors(object, validator.validate(object.manifest)));

    expect(objects.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  test('unknown container field rejected', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'n', creationTimestamp: null },
      spec: {
        selector: { matchLabels: { app: 'd' } },
        template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'i', hostPID: true }] } },
      },
    };
    expect(validator.validate(deployment)).toEqual([
      { path: '/metadata/creationTimestamp', message: 'must be string' },
      { path: '/spec/template/spec/containers/0', message: 'must NOT have additional properties (hostPID)' },
    ]);
  });

  test('IntOrString and Quantity accept numbers and strings', () => {
    const service = (targetPort: number | string) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ port: 443, targetPort }] },
    });
    expect(validator.validate(service(9443))).toEqual([]);
    expect(validator.validate(service('webhook-server'))).toEqual([]);
    expect(validator.validate(service(1.5)).length).toBeGreaterThan(0);

    const quota = (cpu: number | string) => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { cpu } } });
    expect(validator.validate(quota(1))).toEqual([]);
    expect(validator.validate(quota('500m'))).toEqual([]);
  });

  test('custom resource metadata checked as ObjectMeta', () => {
    const pool = {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'IPAddressPool',
      metadata: { name: 'p', labels: { tier: 1 } },
      spec: { addresses: ['10.0.0.1/32'] },
    };
    expect(validator.validate(pool)).toEqual([{ path: '/metadata/labels/tier', message: 'must be string' }]);
  });
});
