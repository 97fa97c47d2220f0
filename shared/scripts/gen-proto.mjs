// Generates the TypeScript types of proto/ into src/generated (`gen:proto`), or, with --check,
// generates them into a temporary folder and fails when the committed ones differ (`check:proto`,
// part of the workspace lint), so the proto stays the single source of the API types.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const generatedDir = path.join(packageDir, 'src', 'generated');

// Must match LOADER_OPTIONS in src/proto.ts: the types describe what the loader decodes.
const LOADER_FLAGS = ['--longs=Number', '--enums=String', '--defaults', '--oneofs'];
// Names each decoded type after its message (a type-only field, never set), so that src/decoded.ts can
// refine a message by name wherever it is nested.
const BRAND_FLAGS = ['--outputBranded'];
// Relative on purpose: the generator writes the proto's path into every file's header, and an
// absolute one would differ per checkout and make the check fail everywhere but here.
const PROTO_INCLUDE = '../proto';
const PROTO_FILES = ['coxswain/v1/coxswain.proto'];

function generatorBin() {
  const require = createRequire(path.join(packageDir, 'package.json'));
  const pkgJson = require.resolve('@grpc/proto-loader/package.json');
  const { bin } = JSON.parse(fs.readFileSync(pkgJson, 'utf8'));
  return path.join(path.dirname(pkgJson), bin['proto-loader-gen-types']);
}

function generate(outDir) {
  fs.rmSync(outDir, { recursive: true, force: true });
  const args = [
    generatorBin(),
    ...LOADER_FLAGS,
    ...BRAND_FLAGS,
    '--grpcLib=@grpc/grpc-js',
    '--includeComments',
    `--includeDirs=${PROTO_INCLUDE}`,
    `--outDir=${outDir}`,
    ...PROTO_FILES,
  ];
  const run = spawnSync(process.execPath, args, { cwd: packageDir, encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`proto-loader-gen-types failed (exit ${run.status}): ${run.stderr || run.error}`);
  }
}

/** Paths of the files under `dir`, relative to it, sorted. */
function listFiles(dir, prefix = '') {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const rel = path.join(prefix, entry.name);
      return entry.isDirectory() ? listFiles(path.join(dir, entry.name), rel) : [rel];
    })
    .sort();
}

/** Files that are missing, extra or different in `actualDir` compared with `expectedDir`. */
function differences(expectedDir, actualDir) {
  const expected = listFiles(expectedDir);
  const actual = listFiles(actualDir);
  const missing = expected.filter((f) => !actual.includes(f)).map((f) => `missing: ${f}`);
  const extra = actual.filter((f) => !expected.includes(f)).map((f) => `not generated: ${f}`);
  const changed = expected
    .filter((f) => actual.includes(f))
    .filter((f) => !fs.readFileSync(path.join(expectedDir, f)).equals(fs.readFileSync(path.join(actualDir, f))))
    .map((f) => `stale: ${f}`);
  return [...missing, ...extra, ...changed];
}

function main() {
  if (!process.argv.includes('--check')) {
    generate(generatedDir);
    process.stdout.write(
      `generated ${listFiles(generatedDir).length} files in ${path.relative(process.cwd(), generatedDir)}\n`,
    );
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coxswain-proto-'));
  try {
    generate(path.join(tmp, 'generated'));
    const diffs = differences(path.join(tmp, 'generated'), generatedDir);
    if (diffs.length > 0) {
      process.stderr.write(
        `shared/src/generated does not match proto/ (run \`pnpm --filter @coxswain/shared run gen:proto\`):\n  ${diffs.join('\n  ')}\n`,
      );
      process.exitCode = 1;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
