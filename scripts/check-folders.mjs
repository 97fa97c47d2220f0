// Every folder of control-plane/src and agent/src has a README that says what it owns, its entry
// point and what it may import; the "May import:" line must name exactly the folders that the
// dependency check allows, so the prose and the enforced graph cannot drift apart.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { controlPlane, agent, base } = require('./folder-layers.cjs');
const layers = { 'control-plane': controlPlane, agent };
const problems = [];
for (const [pkg, folders] of Object.entries(layers)) {
  const src = path.join(pkg, 'src');
  const onDisk = readdirSync(src, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  for (const folder of onDisk) {
    if (!(folder in folders)) problems.push(`${src}/${folder}: not in the layer list of .dependency-cruiser.cjs`);
  }
  for (const [folder, allowed] of Object.entries(folders)) {
    const readme = path.join(src, folder, 'README.md');
    if (!existsSync(readme)) {
      problems.push(`${readme}: missing`);
      continue;
    }
    const text = readFileSync(readme, 'utf8');
    const line = /^May import: (.*)$/m.exec(text);
    if (!line) {
      problems.push(`${readme}: no "May import:" line`);
      continue;
    }
    const said = line[1]
      .replace(/\(.*\)/g, '')
      .split(',')
      .map((s) => s.trim().replace(/`/g, '').replace(/\/$/, ''))
      .filter((s) => s && s !== 'nothing else of the package');
    const want = [...allowed, ...(base[pkg] ?? []).filter((b) => b !== folder)].sort();
    if (said.sort().join(',') !== want.join(',')) {
      problems.push(
        `${readme}: says it may import [${said.join(', ')}], the dependency check allows [${want.join(', ')}]`,
      );
    }
    for (const heading of ['Owns:', 'Entry point:']) {
      if (!text.includes(heading)) problems.push(`${readme}: no "${heading}" line`);
    }
  }
}
if (problems.length > 0) {
  console.error(`Folder READMEs out of step:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
