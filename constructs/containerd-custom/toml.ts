/**
 * A small TOML writer for containerd's config and hosts.toml files.
 *
 * Why not a general TOML library: JavaScript has one number type, so a library writes `0.0` as `0` and containerd
 * then rejects the integer in a float field (`Can't convert 0(int64) to float64`). Here a float is its own type,
 * `TomlFloat`, and a plain number must be a whole number, so the model decides every number's TOML type. Keys are
 * written bare or in double quotes, never with escapes: containerd 1.6 rejects `\"` in a key and does not unescape
 * `\n` there, so a key that would need an escape is refused instead of written.
 */

/** A TOML float. Always written with a decimal point or an exponent, so `0` becomes `0.0`. */
export class TomlFloat {
  constructor(public readonly value: number) {}
}

export type TomlScalar = string | boolean | number | TomlFloat;
export type TomlValue = TomlScalar | readonly TomlScalar[] | TomlTable;
/** A table; `undefined` values are left out, so optional model fields need no special casing. */
export interface TomlTable {
  readonly [key: string]: TomlValue | undefined;
}

/** Thrown when the model holds a value that cannot be written as the TOML containerd expects. */
export class TomlWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TomlWriteError';
  }
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;
// Printable ASCII without space, `"` and `\`: safe between double quotes with no escape.
const QUOTABLE_KEY = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

function isScalar(value: unknown): value is TomlScalar {
  return typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number' || value instanceof TomlFloat;
}

function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof TomlFloat);
}

export function formatKey(key: string): string {
  if (BARE_KEY.test(key)) return key;
  if (QUOTABLE_KEY.test(key)) return `"${key}"`;
  throw new TomlWriteError(`key ${JSON.stringify(key)} would need an escape, which containerd does not read back unchanged`);
}

function formatString(value: string): string {
  const escaped = value.replace(/[\u0000-\u001f\u007f"\\]/g, (char) => {
    switch (char) {
      case '"':
        return '\\"';
      case '\\':
        return '\\\\';
      case '\n':
        return '\\n';
      case '\t':
        return '\\t';
      case '\r':
        return '\\r';
      default:
        return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
  return `"${escaped}"`;
}

/** Writes a finite float so that TOML reads it as a float: `0` → `0.0`, `1e-7` → `1.0e-7`, `0.02` → `0.02`. */
export function formatFloat(value: number, where = 'value'): string {
  if (!Number.isFinite(value)) {
    throw new TomlWriteError(`${where} is ${value}; containerd's float fields need a finite number`);
  }
  const text = String(Object.is(value, -0) ? 0 : value);
  const [mantissa, exponent] = text.split('e');
  const withPoint = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return exponent === undefined ? withPoint : `${withPoint}e${exponent}`;
}

function formatScalar(value: TomlScalar, where: string): string {
  if (value instanceof TomlFloat) return formatFloat(value.value, where);
  if (typeof value === 'string') return formatString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (!Number.isSafeInteger(value)) {
    throw new TomlWriteError(`${where} is ${value}, but a plain number is written as a TOML integer; model float fields as TomlFloat`);
  }
  return String(value);
}

function formatInline(value: TomlScalar | readonly TomlScalar[], where: string): string {
  if (!Array.isArray(value)) return formatScalar(value as TomlScalar, where);
  const items = value as readonly TomlScalar[];
  if (!items.every(isScalar)) throw new TomlWriteError(`${where} holds an array of non-scalar values, which this writer does not support`);
  return `[${items.map((item, index) => formatScalar(item, `${where}[${index}]`)).join(', ')}]`;
}

function writeTable(table: TomlTable, path: readonly string[], out: string[]): void {
  const entries = Object.entries(table).filter((entry): entry is [string, TomlValue] => entry[1] !== undefined);
  const inline = entries.filter(([, value]) => !isTable(value));
  const tables = entries.filter(([, value]) => isTable(value)) as Array<[string, TomlTable]>;
  const where = path.join('.');

  // A table with only sub-tables needs no header of its own; an empty one keeps its header so it still exists.
  if (path.length > 0 && (inline.length > 0 || tables.length === 0)) {
    if (out.length > 0) out.push('');
    out.push(`[${path.map(formatKey).join('.')}]`);
  }
  for (const [key, value] of inline) {
    out.push(`${formatKey(key)} = ${formatInline(value as TomlScalar | readonly TomlScalar[], where ? `${where}.${key}` : key)}`);
  }
  for (const [key, value] of tables) {
    writeTable(value, [...path, key], out);
  }
}

/** Writes a document: top-level keys first, then one `[table]` section per table, in insertion order. */
export function stringifyToml(document: TomlTable): string {
  const out: string[] = [];
  writeTable(document, [], out);
  return `${out.join('\n')}\n`;
}
