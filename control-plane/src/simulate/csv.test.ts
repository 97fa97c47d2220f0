import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CsvError, loadWorkloadsCsv } from './csv';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function file(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-csv-'));
  dirs.push(dir);
  const f = path.join(dir, 'workloads.csv');
  fs.writeFileSync(f, text);
  return f;
}

describe('workloads CSV: ports column', () => {
  it('reads fixed ports by number and 0 as a dynamic one; absent or empty is none', () => {
    const [web, plain] = loadWorkloadsCsv(
      file('name,cpu_milli,memory_mib,ports\nweb,100,64,8080;0;0\nplain,100,64,\n'),
    );
    expect(web).toMatchObject({ hostPorts: [8080], dynamicPorts: 2 });
    expect(plain.hostPorts).toBeUndefined();
    expect(plain.dynamicPorts).toBeUndefined();
    expect(loadWorkloadsCsv(file('name,cpu_milli,memory_mib\nold,100,64\n'))[0].hostPorts).toBeUndefined();
  });

  it.each(['http', '70000', '-1', '80;80'])('refuses %j with the line', (ports) => {
    expect(() => loadWorkloadsCsv(file(`name,cpu_milli,memory_mib,ports\nweb,100,64,${ports}\n`))).toThrow(CsvError);
    expect(() => loadWorkloadsCsv(file(`name,cpu_milli,memory_mib,ports\nweb,100,64,${ports}\n`))).toThrow(
      /workloads\.csv:2: port/,
    );
  });
});
