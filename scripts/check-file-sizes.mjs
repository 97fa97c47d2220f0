// Fails when a source file grows past ~400 lines without saying why at its top. Long files
// usually hold two ideas; the few that are one idea (a pass, a schema) state it in a comment
// containing "long file:" within their first ten lines.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LIMIT = 420;
const files = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mjs', '*.cjs'],
  {
    encoding: 'utf8',
  },
)
  .split('\n')
  .filter((f) => f && !f.includes('/generated/'));
const bad = [];
for (const f of files) {
  let text;
  try {
    text = readFileSync(f, 'utf8');
  } catch {
    continue; // deleted in the work tree but still in the index
  }
  const lines = text.split('\n');
  if (lines.length <= LIMIT) continue;
  const head = lines.slice(0, 10).join('\n').toLowerCase();
  if (!head.includes('long file:')) bad.push(`${f}: ${lines.length} lines`);
}
if (bad.length > 0) {
  console.error(`Files over ${LIMIT} lines without a "long file:" reason at the top:\n  ${bad.join('\n  ')}`);
  process.exit(1);
}
