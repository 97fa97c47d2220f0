import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { completionScript } from './completion';
import { buildProgram } from './program';

describe('completion', () => {
  it('is a bash script that completes verbs, resources and flags from the command tree', () => {
    const script = completionScript(buildProgram({ out: () => {}, err: () => {} }), 'bash');
    // Run the completion function as bash would for "coxswain get w<TAB>" and "coxswain --server h:1 <TAB>".
    const complete = (words: string[]) =>
      execFileSync(
        'bash',
        [
          '-c',
          `${script}\ncoxswain() { :; }\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _coxswain; echo "\${COMPREPLY[*]}"`,
        ],
        { encoding: 'utf8' },
      ).trim();
    expect(complete(['coxswain', 'get', 'w'])).toBe('workloads');
    expect(complete(['coxswain', '--server', 'h:1', 'des'])).toBe('describe');
    expect(complete(['coxswain', 'logs', '--'])).toContain('--follow');
    expect(complete(['coxswain', 'config', 'use'])).toBe('use-context');
  });
});
