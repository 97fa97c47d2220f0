// Manifests from real files in a temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadManifests, ManifestError, parseManifest } from './manifest';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-manifest-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const problems = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ManifestError) return err.problems;
    throw err;
  }
  throw new Error('expected a ManifestError');
};

const WEB = `kind: Workload
name: web
image: coxswain/busybox:1
command: [httpd, -f, -p, "8080"]
replicas: 3
resources:
  cpuMillis: 250
  memoryBytes: 67108864
`;

describe('parseManifest', () => {
  it('reads several YAML documents, skipping empty ones, with each origin', () => {
    const docs = parseManifest(`${WEB}---\nname: db\nimage: x\n---\n`, 'a.yaml');
    expect(docs.map((d) => d.spec.name)).toEqual(['web', 'db']);
    expect(docs[1].origin).toEqual({ file: 'a.yaml', document: 2, line: 10 });
    expect(docs[0].spec.resources).toEqual({ cpuMillis: 250, memoryBytes: 67108864 });
  });

  it('reads JSON, an ApplyWorkload request, and a Workload or List as get -o prints them', () => {
    expect(parseManifest('{"name": "a", "image": "x"}', 'a.json')[0].spec.name).toBe('a');
    expect(parseManifest('{"workload": {"name": "b", "image": "x"}}', 'b.json')[0].spec.name).toBe('b');
    const printed = `kind: List
items:
  - kind: Workload
    spec: {name: c, image: x}
    generation: 4
    status: {desired: 1, replicas: []}
  - kind: Workload
    spec:
      name: d
      image: x
      replicas: two
`;
    const p = problems(() => parseManifest(printed, 'list.yaml'));
    expect(p).toEqual(['list.yaml, document 2, line 11: must be a whole number (got "two")']);
    expect(parseManifest(printed.replace('two', '2'), 'list.yaml').map((d) => d.spec.name)).toEqual(['c', 'd']);
  });

  it('names the file, document and line of unknown fields and kinds, with a suggestion', () => {
    const text = `${WEB}---\nname: b\nimage: x\nreplica: 2\nresources:\n  cpu_millis: 5\n---\nkind: Workloads\nname: c\n`;
    expect(problems(() => parseManifest(text, 'm.yaml'))).toEqual([
      'm.yaml, document 2, line 12: unknown field "replica" (did you mean "replicas"?)',
      'm.yaml, document 2, line 14: unknown field "cpu_millis" (did you mean "cpuMillis"?)',
      'm.yaml, document 3, line 16: unknown kind "Workloads": expected Workload, Namespace, Secret (did you mean "Workload"?)',
    ]);
  });

  it('refuses values of the wrong kind where the client would silently coerce them', () => {
    const p = problems(() => parseManifest('name: a\nimage: x\nenv: {PORT: 8080}\ncommand: sleep 1\n', 'v.yaml'));
    expect(p).toEqual([
      'v.yaml, document 1, line 3: must be a string (quote it) (got 8080)',
      'v.yaml, document 1, line 4: must be a list (got a string)',
    ]);
  });

  it('reports a YAML syntax error with its document and line', () => {
    const p = problems(() => parseManifest(`${WEB}---\nname: b\ncommand: [sleep\nimage: x\n`, 's.yaml'));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^s\.yaml, document 2, line 1[12]: not valid YAML: /);
  });

  it('finds the line of a nested field, for refusals the server names by path', () => {
    const [doc] = parseManifest(WEB, 'w.yaml');
    expect(doc.lineOf(['resources', 'cpuMillis'])).toBe(7);
    expect(doc.lineOf(['command', 2])).toBe(4);
    expect(doc.lineOf(['nothing'])).toBe(1);
  });
});

describe('loadManifests', () => {
  it('reads every .yaml/.yml/.json of a folder in name order, and refuses a name given twice', () => {
    fs.writeFileSync(path.join(dir, 'b.yml'), 'name: b\nimage: x\n');
    fs.writeFileSync(path.join(dir, 'a.yaml'), WEB);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest');
    expect(loadManifests([dir]).map((d) => d.spec.name)).toEqual(['web', 'b']);
    fs.writeFileSync(path.join(dir, 'c.json'), '{"name": "web", "image": "y"}');
    expect(problems(() => loadManifests([dir]))).toEqual([
      `${path.join(dir, 'c.json')}, document 1, line 1: workload "web" is also in ${path.join(dir, 'a.yaml')}, document 1, line 1`,
    ]);
  });

  it('reads stdin for -, and collects the problems of every file before failing', () => {
    expect(loadManifests(['-'], false, () => WEB)[0].origin.file).toBe('stdin');
    fs.writeFileSync(path.join(dir, 'x.yaml'), 'name: x\nimage: x\nbogus: 1\n');
    const p = problems(() => loadManifests([path.join(dir, 'x.yaml'), '-'], false, () => 'kind: Nope\n'));
    expect(p).toHaveLength(2);
  });
});
