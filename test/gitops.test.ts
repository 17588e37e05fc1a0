import { App } from 'cdk8s';
import { clusters } from '../clusters';
import { createClusterApp } from '../constructs/cluster-app';
import { addApplicationSetChart } from '../constructs/gitops';
import { syncWaveOf } from '../constructs/gitops/annotations';
import { applicationName } from '../constructs/gitops/argocd';
import { synthesizeClusters, validateClusters } from '../constructs/synthesize';
import { checkGitOps, durationMs } from '../constructs/validation/gitops';
import { formatIssue, SpecValidationError } from '../constructs/validation/spec-issue';
import { Manifest } from '../constructs/validation/manifest-checks';
import { withChange } from './helpers/synth';

const spec = clusters[0];

/** Builds one cluster in memory and returns every chart's objects by folder name. */
function objectsByFolder(): Record<string, any[]> {
  const { app } = createClusterApp(spec, '/nonexistent-outdir');
  return Object.fromEntries(app.charts.map((chart) => [chart.node.id, chart.toJson()]));
}

const folders = objectsByFolder();
const workloads: Manifest[] = [...folders.metallb, ...folders['metallb-config'], ...folders['node-bootstrap']];
const find = (folder: string, kind: string, name: string): any => {
  const found = folders[folder].filter((object) => object.kind === kind && object.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name} in ${folder}, found ${found.length}`);
  return found[0];
};
const wave = (object: any): string | undefined => object.metadata.annotations?.['argocd.argoproj.io/sync-wave'];

describe('sync waves', () => {
  test('every workload object has one', () => {
    expect(workloads.filter((object) => wave(object) === undefined).map((object) => `${object.kind} ${object.metadata.name}`)).toEqual([]);
  });

  test('namespaces and CRDs first', () => {
    for (const object of workloads.filter((m) => m.kind === 'Namespace' || m.kind === 'CustomResourceDefinition')) expect(wave(object)).toBe('-2');
  });

  test('identities, config and webhook service next', () => {
    expect(wave(find('metallb', 'ServiceAccount', 'controller'))).toBe('-1');
    expect(wave(find('metallb', 'ClusterRole', 'metallb-system:controller'))).toBe('-1');
    expect(wave(find('metallb', 'Service', 'metallb-webhook-service'))).toBe('-1');
    expect(wave(find('node-bootstrap', 'ConfigMap', 'containerd-custom-config'))).toBe('-1');
  });

  test('workloads at zero', () => {
    expect(wave(find('metallb', 'Deployment', 'controller'))).toBe('0');
    expect(wave(find('metallb', 'DaemonSet', 'speaker'))).toBe('0');
    expect(wave(find('node-bootstrap', 'DaemonSet', 'containerd-custom-bootstrap'))).toBe('0');
  });

  test('pools and advertisements after workloads', () => {
    for (const object of folders['metallb-config']) expect(Number(wave(object))).toBeGreaterThan(0);
  });

  test('unknown kind is an error', () => {
    expect(() => syncWaveOf('batch/v1', 'CronJob')).toThrow('no Argo CD sync wave is defined for kind CronJob (batch/v1)');
  });
});

describe('prune and apply policy annotations', () => {
  test('namespaces protected from pruning', () => {
    const namespaces = workloads.filter((object) => object.kind === 'Namespace') as any[];
    expect(namespaces.length).toBeGreaterThanOrEqual(2);
    for (const namespace of namespaces) {
      expect(namespace.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false');
      expect(namespace.metadata.annotations['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
    }
  });

  test('webhook cert Secret created once by Flux', () => {
    expect(find('metallb', 'Secret', 'metallb-webhook-cert').metadata.annotations['kustomize.toolkit.fluxcd.io/ssa']).toBe('IfNotPresent');
  });

  test('bootstrap scripts keep substitution off', () => {
    const scripts = find('node-bootstrap', 'ConfigMap', 'containerd-custom-bootstrap-scripts');
    expect(scripts.metadata.annotations['kustomize.toolkit.fluxcd.io/substitute']).toBe('disabled');
  });
});

describe('Argo CD Applications', () => {
  const applications = folders.argocd;
  const metallbApp = find('argocd', 'Application', applicationName(spec.name, 'metallb'));
  const configApp = find('argocd', 'Application', applicationName(spec.name, 'metallb-config'));

  test('one per unit with its path', () => {
    expect(applications.map((app) => app.spec.source.path).sort()).toEqual([
      `dist/${spec.name}/metallb`,
      `dist/${spec.name}/metallb-config`,
      `dist/${spec.name}/node-bootstrap`,
    ]);
  });

  test('source and destination from the spec', () => {
    for (const app of applications) {
      expect(app.metadata.namespace).toBe(spec.gitops.argocd.namespace);
      expect(app.spec.project).toBe(spec.gitops.argocd.project);
      expect(app.spec.source.repoURL).toBe(spec.gitops.repoURL);
      expect(app.spec.source.targetRevision).toBe(spec.gitops.targetRevision);
      expect(app.spec.destination.server).toBe(spec.gitops.destinationServer);
    }
  });

  test('automated sync, retry and sync options', () => {
    for (const app of [...applications, ...folders['argocd-root']]) {
      expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(app.spec.syncPolicy.retry.limit).toBeGreaterThan(0);
      expect(app.spec.syncPolicy.retry.backoff.factor).toBeGreaterThan(1);
      expect(app.spec.syncPolicy.syncOptions).toEqual(expect.arrayContaining(['ServerSideApply=true', 'RespectIgnoreDifferences=true', 'SkipDryRunOnMissingResource=true']));
    }
  });

  test('never Replace=true', () => {
    const all = JSON.stringify(Object.values(folders));
    expect(all).not.toContain('Replace=true');
  });

  test('config unit waits for the install', () => {
    expect(Number(wave(configApp))).toBeGreaterThan(Number(wave(metallbApp)));
  });

  test('controller-filled fields ignored', () => {
    expect(metallbApp.spec.ignoreDifferences).toEqual([
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', name: 'bgppeers.metallb.io', jsonPointers: ['/spec/conversion/webhook/clientConfig/caBundle'] },
      { group: '', kind: 'Secret', name: 'metallb-webhook-cert', namespace: spec.metallb.namespace, jsonPointers: ['/data'] },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', name: 'metallb-webhook-configuration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
    ]);
    expect(configApp.spec.ignoreDifferences).toBeUndefined();
  });

  test('root syncs the Applications folder', () => {
    const [root] = folders['argocd-root'];
    expect(root.spec.source.path).toBe(`dist/${spec.name}/argocd`);
    expect(root.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: spec.gitops.argocd.namespace });
  });

  test('snapshot', () => {
    expect(applications).toMatchSnapshot();
    expect(folders['argocd-root']).toMatchSnapshot();
  });
});

describe('ApplicationSet', () => {
  const second = withChange(spec, (s) => {
    s.name = 'loongarch-test';
    s.gitops.destinationServer = 'https://test-cluster.example.local:6443';
  });
  const app = new App({ outdir: '/nonexistent-outdir' });
  const units = [spec, second].map((cluster) => ({ spec: cluster, units: createClusterApp(cluster, '/nonexistent-outdir').units }));
  const [applicationSet] = addApplicationSetChart(app, units).toJson();

  test('one element per cluster and unit', () => {
    const elements = applicationSet.spec.generators[0].list.elements;
    expect(elements.map((e: any) => `${e.cluster}/${e.unit}`)).toEqual([
      `${spec.name}/metallb`,
      `${spec.name}/metallb-config`,
      `${spec.name}/node-bootstrap`,
      'loongarch-test/metallb',
      'loongarch-test/metallb-config',
      'loongarch-test/node-bootstrap',
    ]);
    expect(elements.find((e: any) => e.cluster === 'loongarch-test').server).toBe('https://test-cluster.example.local:6443');
  });

  test('template matches unit Applications', () => {
    const template = applicationSet.spec.template.spec;
    const metallbApp = find('argocd', 'Application', applicationName(spec.name, 'metallb'));
    expect(template.syncPolicy).toEqual(metallbApp.spec.syncPolicy);
    expect(template.ignoreDifferences).toEqual(metallbApp.spec.ignoreDifferences);
    expect(applicationSet.spec.goTemplateOptions).toEqual(['missingkey=error']);
  });
});

describe('Flux Kustomizations', () => {
  const kustomizations = folders.flux;
  const byName = (name: string): any => kustomizations.find((k) => k.metadata.name === name);

  test('one per unit with timing from the spec', () => {
    expect(kustomizations.map((k) => k.spec.path).sort()).toEqual([
      `./dist/${spec.name}/metallb`,
      `./dist/${spec.name}/metallb-config`,
      `./dist/${spec.name}/node-bootstrap`,
    ]);
    for (const kustomization of kustomizations) {
      expect(kustomization.metadata.namespace).toBe(spec.gitops.flux.sourceNamespace);
      expect(kustomization.spec.sourceRef).toEqual({ kind: 'GitRepository', name: spec.gitops.flux.sourceName });
      expect(kustomization.spec.interval).toBe(spec.gitops.flux.interval);
      expect(kustomization.spec.retryInterval).toBe(spec.gitops.flux.retryInterval);
      expect(kustomization.spec.timeout).toBe(spec.gitops.flux.timeout);
      expect(kustomization.spec.prune).toBe(true);
      expect(kustomization.spec.wait).toBe(true);
    }
  });

  test('pools depend on the install', () => {
    expect(byName('metallb-config').spec.dependsOn).toEqual([{ name: 'metallb' }]);
    expect(byName('metallb').spec.dependsOn).toBeUndefined();
    expect(byName('node-bootstrap').spec.dependsOn).toBeUndefined();
  });

  test('snapshot', () => {
    expect(kustomizations).toMatchSnapshot();
  });
});

describe('gitops spec validation', () => {
  test('example spec is valid', () => {
    expect(checkGitOps(spec)).toEqual([]);
  });

  test.each([
    ['repoURL', (s: any) => (s.gitops.repoURL = 'git.example.local/repo'), 'gitops.repoURL'],
    ['targetRevision', (s: any) => (s.gitops.targetRevision = 'main branch'), 'gitops.targetRevision'],
    ['destinationServer', (s: any) => (s.gitops.destinationServer = 'http://kubernetes.default.svc'), 'gitops.destinationServer'],
    ['argocd project', (s: any) => (s.gitops.argocd.project = 'Platform'), 'gitops.argocd.project'],
    ['flux interval too short', (s: any) => (s.gitops.flux.interval = '30s'), 'gitops.flux.interval'],
    ['flux timeout syntax', (s: any) => (s.gitops.flux.timeout = '5 minutes'), 'gitops.flux.timeout'],
  ])('rejects bad %s', (_label, change, path) => {
    const issues = checkGitOps(withChange(spec, change));
    expect(issues.map((issue) => issue.path)).toEqual([path]);
    expect(issues[0].fix.en).not.toBe('');
    expect(issues[0].fix.zh).not.toBe('');
  });

  test('missing section named', () => {
    const issues = checkGitOps(withChange(spec, (s) => delete s.gitops));
    expect(issues).toEqual([expect.objectContaining({ path: 'gitops', problem: { en: 'is missing', zh: '缺失' } })]);
  });

  test('Argo CD namespace shared by clusters', () => {
    const other = withChange(spec, (s) => {
      s.name = 'other';
      s.gitops.argocd.namespace = 'argo';
      s.gitops.destinationServer = 'https://other.example.local:6443';
    });
    const issues = validateClusters([spec, other]);
    expect(issues).toHaveLength(1);
    expect(issues[0].cluster).toBe('other');
    expect(issues[0].issue.path).toBe('gitops.argocd.namespace');
  });

  test('destination shared by clusters', () => {
    const other = withChange(spec, (s) => (s.name = 'other'));
    const issues = validateClusters([spec, other]);
    expect(issues.map(({ cluster, issue }) => formatIssue(cluster, issue))).toEqual([
      `other: gitops.destinationServer = "${spec.gitops.destinationServer}": is also the destination of cluster ${spec.name}; both would sync their MetalLB install and pools into one cluster. Fix: use the API server URL of this cluster as registered in Argo CD.`,
    ]);
  });

  test('invalid spec writes nothing', () => {
    const bad = withChange(spec, (s) => (s.gitops.flux.interval = '10'));
    expect(() => synthesizeClusters([bad], '/nonexistent-outdir/dist')).toThrow(SpecValidationError);
    expect(() => synthesizeClusters([bad], '/nonexistent-outdir/dist')).toThrow('gitops.flux.interval = "10": is not a Go duration');
  });

  test('durations in milliseconds', () => {
    expect(durationMs('1h30m')).toBe(5_400_000);
    expect(durationMs('90s')).toBe(90_000);
    expect(durationMs('250ms')).toBe(250);
  });
});
