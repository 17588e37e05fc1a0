import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { clusters } from '../clusters';
import { listFiles, synthToTemp } from './helpers/dist';

interface ValidationResult {
  file: string;
  kind: string;
  name: string;
  error: string | null;
}

const VALIDATOR = join(__dirname, 'helpers/validate-gitops-models.mjs');

/** Validates the files with the @kubernetes-models schemas of Argo CD and Flux, in a child process. */
function validate(files: string[]): ValidationResult[] {
  return JSON.parse(execFileSync(process.execPath, [VALIDATOR, ...files], { encoding: 'utf8' }));
}

const dist = synthToTemp(clusters);
afterAll(() => rmSync(dirname(dist), { recursive: true, force: true }));
const gitopsFiles = listFiles(dist)
  .filter((file) => /(^|\/)(argocd|argocd-root|flux|_argocd)\/[^/]+\.k8s\.yaml$/.test(file))
  .map((file) => join(dist, file));

describe('Argo CD and Flux schemas', () => {
  const results = validate(gitopsFiles);

  test('every generated object is valid', () => {
    expect(results.filter((result) => result.error !== null)).toEqual([]);
  });

  test('every kind is covered', () => {
    const kinds = new Set(results.map((result) => result.kind));
    expect([...kinds].sort()).toEqual(['Application', 'ApplicationSet', 'Kustomization']);
    const unitsPerCluster = 3;
    expect(results.filter((result) => result.kind === 'Kustomization')).toHaveLength(clusters.length * unitsPerCluster);
    expect(results.filter((result) => result.kind === 'Application')).toHaveLength(clusters.length * (unitsPerCluster + 1));
  });

  test('wrong field types are rejected', () => {
    const application = parse(readFileSync(gitopsFiles.find((file) => file.includes('/argocd/Application.'))!, 'utf8'));
    application.spec.syncPolicy.automated.prune = 'true';
    const kustomization = parse(readFileSync(gitopsFiles.find((file) => file.includes('/flux/Kustomization.'))!, 'utf8'));
    kustomization.spec.wait = 'yes';
    const badApplication = join(dist, 'bad-application.yaml');
    const badKustomization = join(dist, 'bad-kustomization.yaml');
    writeFileSync(badApplication, stringify(application));
    writeFileSync(badKustomization, stringify(kustomization));

    const [applicationResult, kustomizationResult] = validate([badApplication, badKustomization]);
    expect(applicationResult.error).toContain('spec/syncPolicy/automated/prune must be boolean');
    expect(kustomizationResult.error).toContain('spec/wait must be boolean');
  });

  test('unknown kinds are reported', () => {
    const other = join(dist, 'other.yaml');
    writeFileSync(other, stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }));
    expect(validate([other])[0].error).toBe('no schema for v1 ConfigMap');
  });
});
