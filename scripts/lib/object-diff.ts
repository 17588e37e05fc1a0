import { parseAllDocuments } from 'yaml';

/** One Kubernetes object found in a `dist/` tree. */
export interface TreeObject {
  /** `<top folder> <group>/<Kind> <namespace>/<name>`; an object without a name is keyed by its file. */
  readonly key: string;
  /** Human-readable identity, e.g. `DaemonSet metallb-system/speaker`. */
  readonly title: string;
  /** First folder under dist/: the cluster, or `_argocd`. */
  readonly group: string;
  readonly file: string;
  readonly value: unknown;
}

/** One changed field: `old` or `new` is undefined when the field was added or removed. */
export interface FieldChange {
  readonly path: string;
  readonly old?: unknown;
  readonly new?: unknown;
}

export interface ObjectDiff {
  readonly added: TreeObject[];
  readonly removed: TreeObject[];
  readonly changed: Array<{ before: TreeObject; after: TreeObject; fields: FieldChange[] }>;
}

/** Parses every YAML document of every `.yaml`/`.yml` file; `files` maps paths relative to dist/ to their text. */
export function objectsOf(files: ReadonlyMap<string, string>): Map<string, TreeObject> {
  const objects = new Map<string, TreeObject>();
  const paths = [...files.keys()].sort();
  for (const file of paths) {
    const text = files.get(file) as string;
    if (!/\.ya?ml$/.test(file)) continue;
    const group = file.includes('/') ? file.split('/')[0] : '.';
    parseAllDocuments(text).forEach((document, index) => {
      if (document.errors.length > 0) throw new Error(`${file}: invalid YAML: ${document.errors[0].message}`);
      const value = document.toJS() as any;
      if (value === null || value === undefined) return;
      const name = value?.metadata?.name;
      const apiGroup = typeof value.apiVersion === 'string' && value.apiVersion.includes('/') ? value.apiVersion.split('/')[0] : 'core';
      const namespace = value?.metadata?.namespace ? `${value.metadata.namespace}/` : '';
      let title = `${value.kind} ${namespace}${name}`;
      let key = `${group} ${apiGroup}/${value.kind} ${namespace}${name}`;
      if (!name) {
        title = `${value.kind ?? 'document'} #${index + 1}`;
        key = `${group} file ${file} #${index}`;
      }
      objects.set(key, { key, title, group, file, value });
    });
  }
  return objects;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the `name` of every element when all are objects with distinct string names, so lists match by name. */
function namesOf(list: unknown[]): string[] | undefined {
  const names = list.map((item) => (isPlainObject(item) && typeof item.name === 'string' ? item.name : undefined));
  if (names.some((name) => name === undefined) || new Set(names).size !== names.length) return undefined;
  return names as string[];
}

/** Appends `key` as `.key`, or as `["a.io/x"]` when it is not an identifier. */
function childPath(path: string, key: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

/** Lists the leaf-level differences between two JSON values, with paths such as `spec.containers[name=speaker].args[2]`. */
export function diffValues(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffValues(before[key], after[key], childPath(path, key)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const beforeNames = namesOf(before);
    const afterNames = namesOf(after);
    if (beforeNames && afterNames) {
      const names = [...beforeNames, ...afterNames.filter((name) => !beforeNames.includes(name))];
      return names.flatMap((name) => diffValues(before[beforeNames.indexOf(name)], after[afterNames.indexOf(name)], `${path}[name=${name}]`));
    }
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, index) => diffValues(before[index], after[index], `${path}[${index}]`)).flat();
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '(whole object)', old: before, new: after }];
}

/** Compares the objects of two `dist/` trees. */
export function diffObjects(before: ReadonlyMap<string, TreeObject>, after: ReadonlyMap<string, TreeObject>): ObjectDiff {
  const added = [...after.values()].filter((object) => !before.has(object.key));
  const removed = [...before.values()].filter((object) => !after.has(object.key));
  const changed = [...after.values()].flatMap((object) => {
    const previous = before.get(object.key);
    if (!previous) return [];
    const fields = diffValues(previous.value, object.value);
    return fields.length > 0 ? [{ before: previous, after: object, fields }] : [];
  });
  return { added, removed, changed };
}
