/**
 * Types and helpers for writing CustomResourceDefinitions as data. Field names follow
 * apiextensions.k8s.io/v1 exactly, so the objects can be handed to cdk8s `ApiObject` as they are.
 */

/** One `x-kubernetes-validations` entry: a CEL rule and the message the API server returns when it is false. */
export type ValidationRule = {
  readonly rule: string;
  readonly message: string;
};

/** The subset of the apiextensions.k8s.io/v1 `JSONSchemaProps` that a structural CRD schema uses. */
export type JsonSchemaProps = {
  readonly type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  readonly format?: string;
  readonly description?: string;
  readonly enum?: readonly (string | number | boolean)[];
  readonly default?: string | number | boolean;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchemaProps>>;
  readonly additionalProperties?: JsonSchemaProps | boolean;
  readonly items?: JsonSchemaProps;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: 'atomic' | 'granular';
  readonly 'x-kubernetes-int-or-string'?: true;
  readonly 'x-kubernetes-preserve-unknown-fields'?: true;
  readonly 'x-kubernetes-validations'?: readonly ValidationRule[];
};

/** Keywords passed to a type helper. The helper sets `type` and the nested schemas itself. */
export type SchemaKeywords = Omit<JsonSchemaProps, 'type' | 'properties' | 'items'>;

export function str(keywords: SchemaKeywords = {}): JsonSchemaProps {
  return { type: 'string', ...keywords };
}

export function bool(keywords: SchemaKeywords = {}): JsonSchemaProps {
  return { type: 'boolean', ...keywords };
}

/** Integer without a `format`, as upstream declares `peerPort` and `serviceAllocation.priority`. */
export function int(keywords: SchemaKeywords = {}): JsonSchemaProps {
  return { type: 'integer', ...keywords };
}

export function int32(keywords: SchemaKeywords = {}): JsonSchemaProps {
  return int({ format: 'int32', ...keywords });
}

export function int64(keywords: SchemaKeywords = {}): JsonSchemaProps {
  return int({ format: 'int64', ...keywords });
}

/**
 * Builds an object schema. Without `properties`, the API server prunes every field stored inside
 * the object unless `x-kubernetes-preserve-unknown-fields` is set. The root `metadata` is exempt.
 */
export function obj(properties?: Record<string, JsonSchemaProps>, keywords: SchemaKeywords = {}): JsonSchemaProps {
  return properties === undefined ? { type: 'object', ...keywords } : { type: 'object', properties, ...keywords };
}

export function arr(items: JsonSchemaProps, keywords: SchemaKeywords = {}): JsonSchemaProps {
  return { type: 'array', items, ...keywords };
}

/** Object whose keys are free and whose values are strings, such as `matchLabels`. */
export function stringMap(): JsonSchemaProps {
  return obj(undefined, { additionalProperties: str() });
}

/** CEL rule that rejects any update changing the field once it is set. */
export function immutable(): ValidationRule {
  return { rule: 'self == oldSelf', message: 'Value is immutable' };
}

/**
 * Kubernetes `metav1.LabelSelector` as controller-gen 0.17 renders it: both lists and the
 * selector itself are atomic, so a server-side apply replaces them as a whole.
 */
export function labelSelector(): JsonSchemaProps {
  const requirement = obj(
    {
      key: str(),
      operator: str(),
      values: arr(str(), { 'x-kubernetes-list-type': 'atomic' }),
    },
    { required: ['key', 'operator'] },
  );

  return obj(
    {
      matchExpressions: arr(requirement, { 'x-kubernetes-list-type': 'atomic' }),
      matchLabels: stringMap(),
    },
    { 'x-kubernetes-map-type': 'atomic' },
  );
}

/** Parts of a custom resource schema that differ per kind. `apiVersion`, `kind` and `metadata` are the same for all. */
export interface ResourceSchemaParts {
  /** Defaults to an object without declared fields. */
  readonly spec?: JsonSchemaProps;
  /** Defaults to an object without declared fields. */
  readonly status?: JsonSchemaProps;
  /** Top-level fields the resource must set, such as `spec`. */
  readonly required?: readonly string[];
}

/** Builds the `openAPIV3Schema` root of a custom resource. */
export function resourceSchema(parts: ResourceSchemaParts): JsonSchemaProps {
  const properties = {
    apiVersion: str(),
    kind: str(),
    metadata: obj(),
    spec: parts.spec ?? obj(),
    status: parts.status ?? obj(),
  };
  return parts.required === undefined ? obj(properties) : obj(properties, { required: parts.required });
}

/** One `additionalPrinterColumns` entry, shown by `kubectl get`. */
export type PrinterColumn = {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  readonly jsonPath: string;
  readonly format?: string;
  readonly description?: string;
  /** 0 shows the column in every `kubectl get`, higher values only with `-o wide`. */
  readonly priority?: number;
};

export function column(
  name: string,
  type: PrinterColumn['type'],
  jsonPath: string,
  priority?: number,
): PrinterColumn {
  return priority === undefined ? { name, type, jsonPath } : { name, type, jsonPath, priority };
}

export type CustomResourceDefinitionVersion = {
  readonly name: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly deprecated?: boolean;
  readonly deprecationWarning?: string;
  readonly additionalPrinterColumns?: readonly PrinterColumn[];
  readonly schema: { readonly openAPIV3Schema: JsonSchemaProps };
  readonly subresources?: {
    readonly status?: Record<string, never>;
  };
};

export type CustomResourceConversion = {
  readonly strategy: 'None' | 'Webhook';
  readonly webhook?: {
    readonly clientConfig: {
      readonly service: {
        readonly namespace: string;
        readonly name: string;
        readonly path?: string;
        readonly port?: number;
      };
    };
    readonly conversionReviewVersions: readonly string[];
  };
};

/** `spec` of a CustomResourceDefinition. A type alias, so it stays assignable to `Record<string, unknown>`. */
export type CustomResourceDefinitionSpec = {
  readonly group: string;
  readonly names: {
    readonly kind: string;
    readonly listKind: string;
    readonly plural: string;
    readonly singular: string;
  };
  readonly scope: 'Namespaced' | 'Cluster';
  readonly versions: readonly CustomResourceDefinitionVersion[];
  readonly conversion?: CustomResourceConversion;
};

/** A CustomResourceDefinition as plain JSON with Kubernetes field names. */
export interface CustomResourceDefinitionManifest {
  readonly apiVersion: 'apiextensions.k8s.io/v1';
  readonly kind: 'CustomResourceDefinition';
  readonly metadata: {
    readonly name: string;
    readonly annotations?: Record<string, string>;
  };
  readonly spec: CustomResourceDefinitionSpec;
}

export interface VersionOptions {
  readonly name: string;
  readonly schema: JsonSchemaProps;
  readonly printerColumns?: readonly PrinterColumn[];
  /** Defaults to true. A CRD must have exactly one storage version. */
  readonly storage?: boolean;
  /** When set, the version is marked deprecated and clients see this warning. */
  readonly deprecationWarning?: string;
}

/** Builds a served version with a `status` subresource, which every MetalLB v0.15.2 CRD version has. */
export function crdVersion(options: VersionOptions): CustomResourceDefinitionVersion {
  return {
    name: options.name,
    served: true,
    storage: options.storage ?? true,
    ...(options.deprecationWarning === undefined
      ? {}
      : { deprecated: true, deprecationWarning: options.deprecationWarning }),
    ...(options.printerColumns === undefined ? {} : { additionalPrinterColumns: options.printerColumns }),
    schema: { openAPIV3Schema: options.schema },
    subresources: { status: {} },
  };
}

export const METALLB_GROUP = 'metallb.io';

export interface MetallbCrdDefinition {
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly versions: readonly CustomResourceDefinitionVersion[];
  readonly conversion?: CustomResourceConversion;
}

/** Builds a namespaced CRD in the `metallb.io` group, with the list kind `<kind>List`. */
export function metallbCrd(definition: MetallbCrdDefinition): CustomResourceDefinitionManifest {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${definition.plural}.${METALLB_GROUP}` },
    spec: {
      ...(definition.conversion === undefined ? {} : { conversion: definition.conversion }),
      group: METALLB_GROUP,
      names: {
        kind: definition.kind,
        listKind: `${definition.kind}List`,
        plural: definition.plural,
        singular: definition.singular,
      },
      scope: 'Namespaced',
      versions: definition.versions,
    },
  };
}
