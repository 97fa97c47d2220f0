// One definition of fit and fullness: amounts of CPU and memory are compared, bounded or summed
// only in this folder. Adding a dimension (host ports are next) then means changing this module,
// not hunting for hand-written cpu/memory pairs. The check reads the sources, so it fails as soon
// as such a comparison is written anywhere else.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '..');

/**
 * Input validation checks the shape of what a user sent (whole numbers within limits), not
 * whether anything fits anywhere: it may compare a request with its limits.
 */
const EXEMPT = new Set(['resources', 'validation']);

/** An amount: `cpu`, `memoryBytes`, `freeMem[i]`, `n.capacity.cpuMillis` (not `members`, not `memo`). */
const AMOUNT = String.raw`(?<![\w$])(?:[\w$]+\.)*(?:(?:cpu|mem|memory)(?:[A-Z]\w*)?|[a-z]\w*(?:Cpu|Mem|Memory)(?:[A-Z]\w*)?)\b(?:\[[^\]]*\])?`;
const PATTERNS: [string, RegExp][] = [
  ['comparison', new RegExp(String.raw`${AMOUNT}\s*(?:<=|>=|<(?![<=])|(?<![=>-])>(?![>=]))`)],
  ['comparison', new RegExp(String.raw`(?:<=|>=|(?<![<])<(?![<=])|(?<![=>-])>(?![>=]))\s*-?\(?${AMOUNT}`)],
  ['bound', new RegExp(String.raw`Math\.(?:max|min)\([^)]*${AMOUNT}`)],
  ['sum', new RegExp(String.raw`${AMOUNT}\s*(?:\+=|-=)`)],
];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!EXEMPT.has(entry.name) || dir !== SRC) out.push(...sources(full));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && entry.name !== 'test-helpers.ts') {
      out.push(full);
    }
  }
  return out;
}

/** Code without comments and string contents, so prose about cpu and memory does not count. */
function code(text: string): string[] {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .split('\n')
    .map((line) => line.replace(/'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*"/g, "''").replace(/\/\/.*$/, ''));
}

/** Type positions ("Map<number, { cpu: number }>") are not comparisons. */
function isTypeOnly(line: string): boolean {
  return /^\s*(?:export\s+)?(?:interface|type)\b/.test(line) || /:\s*\w+<[^>]*>/.test(line);
}

describe('resource amounts', () => {
  it('are compared, bounded and summed only in resources/', () => {
    const found: string[] = [];
    for (const file of sources(SRC)) {
      code(fs.readFileSync(file, 'utf8')).forEach((line, i) => {
        if (isTypeOnly(line)) return;
        for (const [what, re] of PATTERNS) {
          if (re.test(line)) found.push(`${path.relative(SRC, file)}:${i + 1}: ${what}: ${line.trim()}`);
        }
      });
    }
    expect(found).toEqual([]);
  });

  it('catches a hand-written fit check (the scan itself works)', () => {
    const line = code('const ok = n.freeCpu[i] >= req.cpuMillis && free.memoryBytes > need;')[0];
    expect(PATTERNS.some(([, re]) => re.test(line))).toBe(true);
    const sum = code('allocated.cpuMillis += res.cpuMillis;')[0];
    expect(PATTERNS.some(([, re]) => re.test(sum))).toBe(true);
    for (const fine of ['const f = (m) => m.cpuMillis;', 'for (let i = 0; i < members.length; i++) {']) {
      expect(PATTERNS.some(([, re]) => re.test(code(fine)[0]))).toBe(false);
    }
  });
});
