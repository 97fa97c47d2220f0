// Plain-text tables and the PASS/FAIL ledger of acceptance targets.

export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export interface Verdict {
  target: string;
  pass: boolean;
  detail: string;
}

export class Ledger {
  readonly verdicts: Verdict[] = [];

  check(target: string, pass: boolean, detail: string): void {
    this.verdicts.push({ target, pass, detail });
    console.log(`${pass ? 'PASS' : 'FAIL'}  ${target}  (${detail})`);
  }

  summary(): string {
    const failed = this.verdicts.filter((v) => !v.pass);
    const head = `${this.verdicts.length - failed.length}/${this.verdicts.length} targets pass`;
    return failed.length === 0 ? head : `${head}; failing: ${failed.map((v) => v.target).join('; ')}`;
  }
}

export const fmt = (x: number, digits = 3) => x.toFixed(digits);
