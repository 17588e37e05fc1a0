import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const KUSTOMIZATION_FILE = 'kustomization.yaml';

/**
 * Writes `kustomization.yaml` into `folder`, listing every object file in it in byte order. With it,
 * `kubectl kustomize` builds the folder, and Argo CD and Flux use the list as is instead of generating one.
 */
export function writeKustomizationFile(folder: string): void {
  const resources = readdirSync(folder)
    .filter((file) => file.endsWith('.yaml') && file !== KUSTOMIZATION_FILE)
    .sort();
  const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources };
  writeFileSync(join(folder, KUSTOMIZATION_FILE), stringify(kustomization));
}
