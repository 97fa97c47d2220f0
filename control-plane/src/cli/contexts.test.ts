// Against a real config file in a temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from './errors';
import { configPath, loadConfig, resolveConnection, saveConfig, setContext, useContext } from './contexts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-config-'));
  file = path.join(dir, 'sub', 'config');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('contexts', () => {
  it('saves contexts with absolute paths (mode 0600) and makes the first one current', () => {
    let c = setContext(loadConfig(file), { name: 'prod', server: '10.0.0.1:7070', caFile: 'ca.crt', tokenFile: 't' });
    c = setContext(c, { name: 'dev', server: '127.0.0.1:7070', insecure: true });
    saveConfig(file, c);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const back = loadConfig(file);
    expect(back.currentContext).toBe('prod');
    expect(back.contexts.map((x) => x.name)).toEqual(['dev', 'prod']);
    expect(back.contexts[1].caFile).toBe(path.resolve('ca.crt'));
    expect(useContext(back, 'dev', file).currentContext).toBe('dev');
    expect(() => useContext(back, 'nope', file)).toThrow(/no context "nope"/);
  });

  it('updates only the given fields of an existing context', () => {
    const c = setContext(setContext({ contexts: [] }, { name: 'a', server: 'h:1', tokenFile: '/t' }), {
      name: 'a',
      server: 'h:2',
    });
    expect(c.contexts).toEqual([{ name: 'a', server: 'h:2', tokenFile: '/t' }]);
  });

  it('resolves flags over the context over the defaults', () => {
    const config = { currentContext: 'prod', contexts: [{ name: 'prod', server: 'p:7070', caFile: '/p/ca.crt' }] };
    expect(resolveConnection({}, config, file)).toMatchObject({ server: 'p:7070', caFile: '/p/ca.crt' });
    expect(resolveConnection({ server: 'x:1' }, config, file).server).toBe('x:1');
    // A data folder given now outranks the files the context names.
    expect(resolveConnection({ dataDir: '/d' }, config, file)).toMatchObject({ dataDir: '/d', caFile: undefined });
    expect(resolveConnection({}, { contexts: [] }, file)).toMatchObject({
      server: '127.0.0.1:7070',
      dataDir: './data',
    });
    expect(() => resolveConnection({ context: 'nope' }, config, file)).toThrow(CliError);
  });

  it('refuses a config file it does not understand, naming the problem', () => {
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, 'contexts:\n  - name: a\n    sever: h:1\n');
    expect(() => loadConfig(file)).toThrow(/contexts\[0\]: unknown field "sever"/);
    fs.writeFileSync(file, 'contexts: [a: b: c');
    expect(() => loadConfig(file)).toThrow(/not valid YAML/);
    expect(configPath({ COXSWAIN_CONFIG: '/x/y' })).toBe('/x/y');
    expect(configPath({})).toBe(path.join(os.homedir(), '.coxswain', 'config'));
  });
});
