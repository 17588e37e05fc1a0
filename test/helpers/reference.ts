import * as fs from 'fs';
import * as path from 'path';
import { describeWhenReady } from './tools';
import { parseAllDocuments } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/**
 * Folder with unchanged upstream files (MetalLB release manifests, Kubernetes API definitions). It sits beside
 * the repository, not inside it, so a plain clone lacks it.
 */
export const REFERENCE_DIR = path.resolve(__dirname, '../../../shared/reference');
export const METALLB_NATIVE_MANIFEST = path.join(REFERENCE_DIR, 'metallb/v0.15.2/metallb-native.yaml');
export const KUBERNETES_DEFINITIONS = path.join(REFERENCE_DIR, 'kubernetes/v1.29/_definitions.json');

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses every document of a multi-document YAML file, failing on the first YAML error and skipping empty documents. */
export function loadYamlDocuments(file: string): JsonObject[] {
  const documents = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(documents)) {
    throw new Error(`${file} contains no YAML documents`);
  }

  const objects: JsonObject[] = [];
  for (const document of documents) {
    if (document.errors.length > 0) {
      throw new Error(`Invalid YAML in ${file}: ${document.errors[0].message}`);
    }
    const value = document.toJS() as Json;
    if (value === null) {
      continue;
    }
    if (!isObject(value)) {
      throw new Error(`${file} has a document that is not a mapping: ${JSON.stringify(value)}`);
    }
    objects.push(value);
  }
  return objects;
}

/**
 * Declares a suite that reads the reference folder. Where the folder is missing, the suite is skipped with a
 * warning on a developer's machine and fails when `CI=true`, so CI never passes without the comparison.
 * `body` runs only when the folder exists, so it may load reference files while declaring its tests.
 */
export function describeWithReference(name: string, body: () => void): void {
  describeWhenReady(
    name,
    fs.existsSync(REFERENCE_DIR) ? undefined : `reference folder ${REFERENCE_DIR} not found; it holds the upstream MetalLB v0.15.2 manifests and the Kubernetes 1.29 schema, which CI provides`,
    body,
  );
}
