import * as v from 'valibot';
import { MESSAGES } from './messages';
import { nearestKey } from './nearest-key';
import { SECTION_SCHEMAS } from './spec-schema';
import { SpecIssue } from './spec-issue';

type AnySchema = v.GenericSchema & { entries?: Record<string, AnySchema>; item?: AnySchema; value?: AnySchema; wrapped?: AnySchema; options?: readonly unknown[]; literal?: unknown };
type PathItem = { type: string; key?: unknown; value?: unknown };

/** Formats a valibot path the way the rest of the errors write field paths: `metallb.addressPools[0].name`. */
function formatPath(section: string, path: readonly PathItem[] | undefined): string {
  let text = section;
  for (const item of path ?? []) {
    // Map keys such as registry hosts contain dots, so anything but a plain identifier is written in brackets.
    if (item.type === 'array') text += `[${String(item.key)}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(item.key))) text += `.${String(item.key)}`;
    else text += `[${JSON.stringify(item.key)}]`;
  }
  return text;
}

/** Follows a path through the schema tree, for the keys and options that the message should list. */
function schemaAt(schema: AnySchema, path: readonly PathItem[]): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  for (const item of path) {
    while (current?.wrapped) current = current.wrapped;
    if (!current) return undefined;
    if (item.type === 'array') current = current.item;
    else if (item.type === 'record') current = current.value;
    else current = current.entries?.[String(item.key)];
  }
  while (current?.wrapped) current = current.wrapped;
  return current;
}

const TYPE_NAMES: Record<string, string> = { Array: 'array', Object: 'object' };

/** Names a value's JSON type: string, number, boolean, array, object or null. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isUnknownKey(issue: v.BaseIssue<unknown>): boolean {
  return issue.type === 'strict_object' && issue.expected === 'never';
}

/** Turns one valibot issue of section `section` into a spec issue with our own wording. */
function toSpecIssue(section: string, schema: AnySchema, issue: v.BaseIssue<unknown>): SpecIssue {
  const path = (issue.path ?? []) as PathItem[];

  if (isUnknownKey(issue)) {
    const parentSchema = schemaAt(schema, path.slice(0, -1));
    const known = Object.keys(parentSchema?.entries ?? {});
    const key = String(path[path.length - 1]?.key);
    return { path: formatPath(section, path), value: path[path.length - 1]?.value, ...MESSAGES.unknownKey(nearestKey(key, known), known) };
  }

  const value = issue.input;
  if (value === undefined) {
    return { path: formatPath(section, path), value, ...MESSAGES.missingKey() };
  }

  const target = schemaAt(schema, path);
  if (issue.type === 'picklist' && target?.options) {
    return { path: formatPath(section, path), value, ...MESSAGES.notOneOf(target.options.map(String)) };
  }
  if (issue.type === 'literal' && target && 'literal' in target) {
    return { path: formatPath(section, path), value, ...MESSAGES.notOneOf([String(target.literal)]) };
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return { path: formatPath(section, path), value, ...MESSAGES.notFinite() };
  }
  const expected = TYPE_NAMES[issue.expected ?? ''] ?? issue.expected ?? issue.type;
  return { path: formatPath(section, path), value, ...MESSAGES.wrongType(expected, jsonType(value)) };
}

/** Result of the shape check: its issues, and which top-level sections are safe for the value checks. */
export interface ShapeResult {
  readonly issues: SpecIssue[];
  readonly validSections: ReadonlySet<string>;
}

/**
 * Checks the shape of one spec: unknown keys (with the nearest known key as a suggestion), missing keys and value
 * types, section by section, so every section's problems are reported even when another section is broken.
 */
export function checkSpecShape(input: unknown): ShapeResult {
  const issues: SpecIssue[] = [];
  const validSections = new Set<string>();
  const sections = Object.keys(SECTION_SCHEMAS);

  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    issues.push({ path: '(spec)', value: input, ...MESSAGES.wrongType('object', jsonType(input)) });
    return { issues, validSections };
  }

  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!sections.includes(key)) {
      issues.push({ path: key, value: record[key], ...MESSAGES.unknownKey(nearestKey(key, sections), sections) });
    }
  }

  for (const [section, schema] of Object.entries(SECTION_SCHEMAS) as Array<[string, AnySchema]>) {
    const result = v.safeParse(schema, record[section], { abortEarly: false });
    const sectionIssues = result.success ? [] : result.issues;
    // An unknown key leaves the known keys' types intact, so the value checks can still run on the section.
    if (sectionIssues.every(isUnknownKey)) validSections.add(section);
    for (const issue of sectionIssues) issues.push(toSpecIssue(section, schema, issue));
  }
  return { issues, validSections };
}
