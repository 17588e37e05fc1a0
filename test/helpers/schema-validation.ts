import * as fs from 'fs';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { CustomResourceDefinitionManifest } from '../../constructs/metallb/crds';
import { isObject, JsonObject } from './reference';

const KUBERNETES_SCHEMA_ID = 'kubernetes-definitions';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Formats the Kubernetes definitions and the MetalLB CRDs use. ajv's strict mode rejects a schema with any other. */
const FORMATS = ['int32', 'int64', 'double', 'byte', 'date-time'] as const;

/** Calls `visit` on every schema node: the root and every schema under properties, items, additionalProperties, allOf, anyOf and oneOf. */
function walkSchema(node: unknown, visit: (node: JsonObject) => void): void {
  if (!isObject(node)) {
    return;
  }
  visit(node);
  if (isObject(node.properties)) {
    Object.values(node.properties).forEach((child) => walkSchema(child, visit));
  }
  if (isObject(node.definitions)) {
    Object.values(node.definitions).forEach((child) => walkSchema(child, visit));
  }
  walkSchema(node.items, visit);
  walkSchema(node.additionalProperties, visit);
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const list = node[keyword];
    if (Array.isArray(list)) {
      list.forEach((child) => walkSchema(child, visit));
    }
  }
}

/**
 * Rewrites a schema in place so that ajv rejects what the API server would reject or silently prune. Every object
 * schema with `properties` gets `additionalProperties: false`, and `x-kubernetes-int-or-string` becomes an explicit
 * integer-or-string choice. Returns the `x-` extension keywords found, which ajv must have registered.
 */
function makeStrict(schema: JsonObject): string[] {
  const extensionKeywords = new Set<string>();
  walkSchema(schema, (node) => {
    Object.keys(node)
      .filter((key) => key.startsWith('x-'))
      .forEach((key) => extensionKeywords.add(key));
    const keepsUnknown = node['x-kubernetes-preserve-unknown-fields'] === true;
    if (isObject(node.properties) && node.additionalProperties === undefined && !keepsUnknown) {
      node.additionalProperties = false;
    }
    if (node['x-kubernetes-int-or-string'] === true && node.anyOf === undefined) {
      node.anyOf = [{ type: 'integer' }, { type: 'string' }];
    }
  });
  return [...extensionKeywords];
}

/** One schema violation, with the JSON pointer of the offending value inside the object. */
export interface SchemaError {
  readonly path: string;
  readonly message: string;
}

function toSchemaErrors(errors: ErrorObject[] | null | undefined, pathPrefix = ''): SchemaError[] {
  return (errors ?? []).map((error) => {
    const detail = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
    return { path: `${pathPrefix}${error.instancePath}` || '/', message: `${error.message ?? error.keyword}${detail}` };
  });
}

/** Validates Kubernetes objects against JSON schemas with unknown fields rejected. */
export class ObjectSchemaValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  private readonly knownKeywords = new Set<string>();
  private readonly byGroupVersionKind = new Map<string, ValidateFunction>();
  private objectMeta: ValidateFunction | undefined;

  constructor() {
    addFormats(this.ajv, [...FORMATS]);
  }

  private registerKeywords(keywords: string[]): void {
    for (const keyword of keywords.filter((name) => !this.knownKeywords.has(name))) {
      // Annotation-only: ajv accepts the keyword but does not evaluate it.
      // NOTE: so CEL rules in x-kubernetes-validations are not checked here. The API server checks them at apply time.
      this.ajv.addKeyword({ keyword });
      this.knownKeywords.add(keyword);
    }
  }

  /** Adds the built-in kinds of a Kubernetes `_definitions.json` file (the swagger 2.0 `definitions` map). */
  addKubernetesDefinitions(file: string): void {
    const document = JSON.parse(fs.readFileSync(file, 'utf8')) as JsonObject;
    const definitions = document.definitions;
    if (!isObject(definitions)) {
      throw new Error(`${file} has no "definitions" map; expected the Kubernetes _definitions.json`);
    }
    this.registerKeywords(makeStrict(document));
    this.ajv.addSchema({ $id: KUBERNETES_SCHEMA_ID, definitions });

    for (const [name, definition] of Object.entries(definitions)) {
      const kinds = isObject(definition) ? definition['x-kubernetes-group-version-kind'] : undefined;
      for (const gvk of Array.isArray(kinds) ? kinds : []) {
        if (!isObject(gvk)) continue;
        const apiVersion = gvk.group === '' ? String(gvk.version) : `${String(gvk.group)}/${String(gvk.version)}`;
        this.addKind(apiVersion, String(gvk.kind), { $ref: `${KUBERNETES_SCHEMA_ID}#/definitions/${name}` });
      }
    }
    this.objectMeta = this.ajv.compile({ $ref: `${KUBERNETES_SCHEMA_ID}#/definitions/${OBJECT_META}` });
  }

  /** Adds the kind of every version of every CRD, validated by that version's openAPIV3Schema. */
  addCustomResourceDefinitions(crds: readonly CustomResourceDefinitionManifest[]): void {
    for (const crd of crds) {
      const spec = JSON.parse(JSON.stringify(crd.spec)) as JsonObject;
      const kind = String((spec.names as JsonObject).kind);
      for (const version of spec.versions as JsonObject[]) {
        const schema = (version.schema as JsonObject).openAPIV3Schema as JsonObject;
        this.registerKeywords(makeStrict(schema));
        this.addKind(`${String(spec.group)}/${String(version.name)}`, kind, schema);
      }
    }
  }

  private addKind(apiVersion: string, kind: string, schema: object): void {
    this.byGroupVersionKind.set(`${apiVersion} ${kind}`, this.ajv.compile(schema));
  }

  /** Returns whether a schema for this apiVersion and kind was added. */
  knows(manifest: JsonObject): boolean {
    return this.byGroupVersionKind.has(`${String(manifest.apiVersion)} ${String(manifest.kind)}`);
  }

  /**
   * Validates one object. When Kubernetes definitions were added, the metadata of every object is also checked
   * against ObjectMeta, because a CRD schema declares `metadata` only as an object.
   */
  validate(manifest: JsonObject): SchemaError[] {
    const key = `${String(manifest.apiVersion)} ${String(manifest.kind)}`;
    const validator = this.byGroupVersionKind.get(key);
    if (validator === undefined) {
      return [{ path: '/', message: `no schema for apiVersion ${String(manifest.apiVersion)} kind ${String(manifest.kind)}; add its definitions or CRD to the validator` }];
    }

    const errors = validator(manifest) ? [] : toSchemaErrors(validator.errors);
    if (this.objectMeta !== undefined && !this.objectMeta(manifest.metadata)) {
      const metadataErrors = toSchemaErrors(this.objectMeta.errors, '/metadata');
      errors.push(...metadataErrors.filter((error) => !errors.some((known) => known.path === error.path && known.message === error.message)));
    }
    return errors;
  }
}
