// Manifests: files, folders or stdin holding YAML or JSON documents, each a workload. Every problem
// is reported with its file, document and line, and all of them before anything is sent.
import fs from 'node:fs';
import path from 'node:path';
import YAML, { isMap, isScalar, isSeq, LineCounter, type Document, type Node as YamlNode } from 'yaml';
import type { WorkloadSpec } from '@coxswain/shared';
import { CliError } from './errors';
import { checkMessage, messageType, suggest } from './schema';

type Path = (string | number)[];

/** Where a document came from, for messages: `web.yaml, document 2, line 7`. */
export interface Origin {
  file: string;
  /** 1-based among the non-empty documents of the file (a List's items count as one each). */
  document: number;
  line: number;
}

export interface WorkloadDoc {
  kind: 'Workload';
  spec: WorkloadSpec;
  origin: Origin;
  /** The line of a spec field (`resources.cpuMillis`, `command[2]`), or the document's line. */
  lineOf(field: Path): number;
}

export class ManifestError extends CliError {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export const where = (o: Origin, line = o.line): string => `${o.file}, document ${o.document}, line ${line}`;

/** Kinds a document may name; those whose server side comes later are refused with that said. */
const KINDS = ['Workload', 'List', 'Namespace', 'Secret'];
const NOT_YET = new Set(['Namespace', 'Secret']);
/** Fields of a Workload as `get -o yaml` prints it that are status, not spec: read back, ignored. */
const READ_ONLY = new Set(['kind', 'spec', 'generation', 'status', 'createdAt', 'updatedAt']);

/** The files a `-f` names: a file, every .yaml/.yml/.json of a folder (sorted), or `-` (stdin). */
export function manifestFiles(arg: string, recursive = false): string[] {
  if (arg === '-') return ['-'];
  let stat: fs.Stats;
  try {
    stat = fs.statSync(arg);
  } catch {
    throw new CliError(`${arg}: no such file or folder`);
  }
  if (!stat.isDirectory()) return [arg];
  const out: string[] = [];
  for (const entry of fs.readdirSync(arg, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(arg, entry.name);
    if (entry.isDirectory() && recursive) out.push(...manifestFiles(full, true));
    else if (entry.isFile() && /\.(ya?ml|json)$/i.test(entry.name)) out.push(full);
  }
  if (out.length === 0) throw new CliError(`${arg}: no .yaml, .yml or .json files in this folder`);
  return out;
}

export function readManifest(file: string, stdin: () => string = () => fs.readFileSync(0, 'utf8')): string {
  try {
    return file === '-' ? stdin() : fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

/** Parses one file's text into workload documents; throws ManifestError listing every problem. */
export function parseManifest(text: string, file: string): WorkloadDoc[] {
  const lines = new LineCounter();
  const docs = YAML.parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const lineAt = (offset: number) => lines.linePos(offset).line;
  const problems: string[] = [];
  const out: WorkloadDoc[] = [];
  let n = 0;
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    // An empty document (`---` at the end, a comment only) is no document.
    if (doc.errors.length === 0 && (doc.contents === null || doc.toJS() === null)) continue;
    n++;
    const syntax = doc.errors[0];
    if (syntax) {
      const line = syntax.linePos?.[0].line ?? lineAt(syntax.pos[0]);
      problems.push(`${file}, document ${n}, line ${line}: not valid YAML: ${syntax.message.split('\n')[0]}`);
      continue;
    }
    const origin = { file, document: n, line: lineAt(doc.contents?.range?.[0] ?? 0) };
    const value: unknown = doc.toJS();
    const items = listItems(value);
    if (items) {
      items.forEach((item, i) => {
        const at: Path = Array.isArray(value) ? [i] : ['items', i];
        const itemOrigin = { ...origin, document: n + i, line: lineOf(doc, at, lineAt) ?? origin.line };
        collect(item, at, itemOrigin);
      });
      n += Math.max(0, items.length - 1);
    } else collect(value, [], origin);

    function collect(v: unknown, at: Path, o: Origin) {
      const located = (p: Path) => lineOf(doc, [...at, ...p], lineAt) ?? o.line;
      const result = toWorkload(v);
      if ('problems' in result) {
        for (const p of result.problems) problems.push(`${where(o, located(p.path))}: ${p.message}`);
        return;
      }
      const specAt = [...at, ...result.specPath];
      out.push({
        kind: 'Workload',
        spec: result.spec,
        origin: o,
        lineOf: (field) => lineOf(doc, [...specAt, ...field], lineAt) ?? o.line,
      });
    }
  }
  if (problems.length > 0) throw new ManifestError(problems);
  return out;
}

/** The documents of a `kind: List` (or a top-level sequence), or undefined for a single one. */
function listItems(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object' && (v as { kind?: unknown }).kind === 'List') {
    const items = (v as { items?: unknown }).items;
    return Array.isArray(items) ? items : [];
  }
  return undefined;
}

type Converted = { spec: WorkloadSpec; specPath: Path } | { problems: { path: Path; message: string }[] };

/**
 * A document as a WorkloadSpec, in any of the forms users have: the spec's fields (optionally
 * with `kind: Workload`), a Workload as `get -o yaml` prints it (`spec` and status beside it), or
 * an ApplyWorkload request (`workload: {...}`).
 */
function toWorkload(v: unknown): Converted {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return { problems: [{ path: [], message: 'a document must be a mapping (a workload spec)' }] };
  const doc = v as Record<string, unknown>;
  if ('kind' in doc) {
    const kind = doc.kind;
    if (typeof kind !== 'string' || !KINDS.includes(kind)) {
      const near = typeof kind === 'string' ? suggest(kind, KINDS) : undefined;
      return {
        problems: [
          {
            path: ['kind'],
            message: `unknown kind ${JSON.stringify(kind)}: expected ${KINDS.filter((k) => k !== 'List').join(', ')}${near ? ` (did you mean "${near}"?)` : ''}`,
          },
        ],
      };
    }
    if (NOT_YET.has(kind))
      return { problems: [{ path: ['kind'], message: `kind "${kind}" is not supported by this version of Coxswain` }] };
  }
  let specPath: Path;
  let spec: unknown;
  const rest = Object.keys(doc).filter((k) => k !== 'kind');
  if ('spec' in doc) {
    specPath = ['spec'];
    spec = doc.spec;
    const stray = rest.filter((k) => !READ_ONLY.has(k));
    if (stray.length > 0)
      return {
        problems: stray.map((k) => ({
          path: [k],
          message: `unknown field "${k}" beside "spec" (a Workload with a spec has only generation, status, createdAt and updatedAt besides)`,
        })),
      };
  } else if (rest.length === 1 && rest[0] === 'workload') {
    specPath = ['workload'];
    spec = doc.workload;
  } else {
    specPath = [];
    spec = Object.fromEntries(Object.entries(doc).filter(([k]) => k !== 'kind'));
  }
  const problems = checkMessage(messageType('WorkloadSpec'), spec).map((p) => ({
    ...p,
    path: [...specPath, ...p.path],
  }));
  return problems.length > 0 ? { problems } : { spec: spec as WorkloadSpec, specPath };
}

/** The line of the key (or item) at `at`, or undefined when the path is not in the document. */
function lineOf(doc: Document, at: Path, lineAt: (offset: number) => number): number | undefined {
  let node: unknown = doc.contents;
  let line: number | undefined = rangeLine(node, lineAt);
  for (const seg of at) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return line;
      line = rangeLine(pair.key, lineAt) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      line = rangeLine(node, lineAt) ?? line;
    } else return line;
  }
  return line;
}

function rangeLine(node: unknown, lineAt: (offset: number) => number): number | undefined {
  const range = (node as YamlNode | undefined)?.range;
  return range ? lineAt(range[0]) : undefined;
}

/** Every workload document of the given `-f` arguments; each problem of every file at once. */
export function loadManifests(args: string[], recursive = false, stdin?: () => string): WorkloadDoc[] {
  const problems: string[] = [];
  const docs: WorkloadDoc[] = [];
  for (const file of args.flatMap((a) => manifestFiles(a, recursive))) {
    const name = file === '-' ? 'stdin' : file;
    try {
      docs.push(...parseManifest(readManifest(file, stdin), name));
    } catch (err) {
      if (err instanceof ManifestError) problems.push(...err.problems);
      else throw err;
    }
  }
  const seen = new Map<string, WorkloadDoc>();
  for (const d of docs) {
    const first = seen.get(d.spec.name);
    if (first && d.spec.name)
      problems.push(`${where(d.origin)}: workload "${d.spec.name}" is also in ${where(first.origin)}`);
    else seen.set(d.spec.name, d);
  }
  if (problems.length > 0) throw new ManifestError(problems);
  return docs;
}
