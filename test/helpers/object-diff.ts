import { isObject } from './reference';

export type Change = 'added' | 'removed' | 'changed';

/** One difference between an expected and an actual object, at a path like `.spec.containers[speaker].args[2]`. */
export interface Difference {
  readonly path: string;
  readonly change: Change;
  /** The value on the expected side; absent for `added`. */
  readonly expected?: unknown;
  /** The value on the actual side; absent for `removed`. */
  readonly actual?: unknown;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function keyPath(at: string, key: string): string {
  return PLAIN_KEY.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
}

/** Returns the element names when every element of both lists is an object with a unique string `name`. */
function elementNames(expected: unknown[], actual: unknown[]): { expected: string[]; actual: string[] } | undefined {
  const namesOf = (list: unknown[]): string[] | undefined => {
    const names = list.map((item) => (isObject(item) && typeof item.name === 'string' ? item.name : undefined));
    if (names.some((name) => name === undefined) || new Set(names).size !== names.length) {
      return undefined;
    }
    return names as string[];
  };
  const expectedNames = namesOf(expected);
  const actualNames = namesOf(actual);
  return expectedNames && actualNames ? { expected: expectedNames, actual: actualNames } : undefined;
}

/**
 * Reports a key present on one side only. A missing object is reported leaf by leaf, so an added annotation reads
 * `.metadata.annotations["a/b"]` even when the other side has no `annotations` at all. Lists and scalars are
 * reported whole.
 */
function oneSided(value: unknown, at: string, change: 'added' | 'removed', out: Difference[]): void {
  if (isObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) {
      oneSided(child, keyPath(at, key), change, out);
    }
    return;
  }
  out.push(change === 'added' ? { path: at, change, actual: value } : { path: at, change, expected: value });
}

function diffLists(expected: unknown[], actual: unknown[], at: string, out: Difference[]): void {
  const names = elementNames(expected, actual);
  if (names === undefined) {
    // Positional: lists of scalars (args) and of unnamed objects (rules, tolerations) keep their order.
    const length = Math.max(expected.length, actual.length);
    for (let index = 0; index < length; index++) {
      const path = `${at}[${index}]`;
      if (index >= actual.length) {
        out.push({ path, change: 'removed', expected: expected[index] });
      } else if (index >= expected.length) {
        out.push({ path, change: 'added', actual: actual[index] });
      } else {
        diffValues(expected[index], actual[index], path, out);
      }
    }
    return;
  }

  // Named elements (containers, env, ports, volumes) are matched by name, so one insertion does not shift the rest.
  for (const [index, name] of names.expected.entries()) {
    const actualIndex = names.actual.indexOf(name);
    const path = `${at}[${name}]`;
    if (actualIndex === -1) {
      out.push({ path, change: 'removed', expected: expected[index] });
    } else {
      diffValues(expected[index], actual[actualIndex], path, out);
    }
  }
  for (const [index, name] of names.actual.entries()) {
    if (!names.expected.includes(name)) {
      out.push({ path: `${at}[${name}]`, change: 'added', actual: actual[index] });
    }
  }
  const commonExpected = names.expected.filter((name) => names.actual.includes(name));
  const commonActual = names.actual.filter((name) => names.expected.includes(name));
  if (commonExpected.join('\n') !== commonActual.join('\n')) {
    out.push({ path: `${at} (order)`, change: 'changed', expected: commonExpected, actual: commonActual });
  }
}

function diffValues(expected: unknown, actual: unknown, at: string, out: Difference[]): void {
  if (isObject(expected) && isObject(actual)) {
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) {
        oneSided(expected[key], keyPath(at, key), 'removed', out);
      } else {
        diffValues(expected[key], actual[key], keyPath(at, key), out);
      }
    }
    for (const key of Object.keys(actual)) {
      if (!(key in expected)) {
        oneSided(actual[key], keyPath(at, key), 'added', out);
      }
    }
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    diffLists(expected, actual, at, out);
    return;
  }
  if (expected !== actual) {
    out.push({ path: at, change: 'changed', expected, actual });
  }
}

/** Lists every difference between two JSON values. Key order never counts; list order does. */
export function diffObjects(expected: unknown, actual: unknown): Difference[] {
  const out: Difference[] = [];
  diffValues(expected, actual, '', out);
  return out;
}

/** Formats one difference as a line of test failure output. */
export function formatDifference(difference: Difference): string {
  switch (difference.change) {
    case 'added':
      return `${difference.path}: ${JSON.stringify(difference.actual)} is not in upstream`;
    case 'removed':
      return `${difference.path}: missing, upstream has ${JSON.stringify(difference.expected)}`;
    case 'changed':
      return `${difference.path}: expected ${JSON.stringify(difference.expected)}, got ${JSON.stringify(difference.actual)}`;
  }
}
