// The shape a manifest must have, read from the API's own proto, so that a field added there is
// accepted here without a second list to keep. The server cannot catch an unknown field: the
// client's encoding drops it silently, and a typo (`replica: 3`) would apply a default instead.
import path from 'node:path';
import protobuf from 'protobufjs';
import { PROTO_DIR, PROTO_FILES } from '@coxswain/shared';

/** One problem, at a path of keys and indexes below the checked value. */
export interface SchemaProblem {
  path: (string | number)[];
  message: string;
}

let root: protobuf.Root | undefined;

export function messageType(name: string): protobuf.Type {
  root ??= protobuf.loadSync(PROTO_FILES.map((f) => path.join(PROTO_DIR, f)));
  return root.lookupType(`coxswain.v1.${name}`);
}

const INTEGER = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', 'int64', 'uint64', 'sint64', 'fixed64']);
const isInteger = (v: unknown) =>
  (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v));

function scalarProblem(type: string, v: unknown, field: protobuf.Field): string | undefined {
  if (INTEGER.has(type)) return isInteger(v) ? undefined : 'must be a whole number';
  switch (type) {
    case 'string':
      return typeof v === 'string' ? undefined : 'must be a string (quote it)';
    case 'bool':
      return typeof v === 'boolean' ? undefined : 'must be true or false';
    case 'double':
    case 'float':
      return typeof v === 'number' ? undefined : 'must be a number';
    case 'bytes':
      return typeof v === 'string' ? undefined : 'must be a base64 string';
  }
  const enumType = field.resolvedType instanceof protobuf.Enum ? field.resolvedType : undefined;
  if (enumType)
    return typeof v === 'string' && v in enumType.values
      ? undefined
      : `must be one of ${Object.keys(enumType.values).join(', ')}`;
  return undefined;
}

/** A near name for a misspelt field: same letters ignoring case and `_`, or one or two edits away. */
export function suggest(name: string, known: string[]): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  const same = known.find((k) => squash(k) === squash(name));
  if (same) return same;
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d <= 2 && (!best || d < best.d)) best = { name: k, d };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

const describeValue = (v: unknown) => (Array.isArray(v) ? 'a list' : v === null ? 'empty' : `a ${typeof v}`);

/** Every unknown field and every value of the wrong kind in `value`, checked against `type`. */
export function checkMessage(type: protobuf.Type, value: unknown, at: (string | number)[] = []): SchemaProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [{ path: at, message: `must be a mapping of fields (got ${describeValue(value)})` }];
  const problems: SchemaProblem[] = [];
  const fields = type.fieldsArray;
  for (const [key, v] of Object.entries(value)) {
    const field = fields.find((f) => f.name === key);
    if (!field) {
      const near = suggest(
        key,
        fields.map((f) => f.name),
      );
      problems.push({
        path: [...at, key],
        message: `unknown field "${key}"${near ? ` (did you mean "${near}"?)` : ''}`,
      });
      continue;
    }
    if (v === null || v === undefined) continue;
    problems.push(...checkField(field.resolve(), v, [...at, key]));
  }
  return problems;
}

function checkField(field: protobuf.Field, v: unknown, at: (string | number)[]): SchemaProblem[] {
  if (field instanceof protobuf.MapField) {
    if (typeof v !== 'object' || Array.isArray(v))
      return [{ path: at, message: `must be a mapping of names to values (got ${describeValue(v)})` }];
    return Object.entries(v as object).flatMap(([k, item]) => checkValue(field, item, [...at, k]));
  }
  if (field.repeated) {
    if (!Array.isArray(v)) return [{ path: at, message: `must be a list (got ${describeValue(v)})` }];
    return v.flatMap((item, i) => checkValue(field, item, [...at, i]));
  }
  return checkValue(field, v, at);
}

function checkValue(field: protobuf.Field, v: unknown, at: (string | number)[]): SchemaProblem[] {
  if (field.resolvedType instanceof protobuf.Type) return checkMessage(field.resolvedType, v, at);
  const problem = scalarProblem(field.type, v, field);
  return problem ? [{ path: at, message: `${problem} (got ${JSON.stringify(v)})` }] : [];
}
