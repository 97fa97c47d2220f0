import { copyFile, mkdir, mkdtemp, open, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { run } from './exec';
import { hostsRoot } from './naming';

/**
 * The one image every test uses. With no registry to pull from, it is made locally: a root
 * filesystem holding a statically linked busybox and a link per applet, imported with
 * `docker import`. Static, because the image has no C library to load a dynamic one.
 */
export const BUSYBOX_IMAGE = 'coxswain/busybox:1';

const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox', '/usr/local/bin/busybox'];

export async function findStaticBusybox(): Promise<string> {
  const candidates = process.env.COXSWAIN_BUSYBOX ? [process.env.COXSWAIN_BUSYBOX] : BUSYBOX_CANDIDATES;
  for (const path of candidates) {
    try {
      if (!(await isStaticElf(path))) continue;
      return path;
    } catch {
      // Not there; try the next.
    }
  }
  throw new Error(
    `no statically linked busybox in ${candidates.join(', ')} (install the busybox-static package or set COXSWAIN_BUSYBOX)`,
  );
}

/** A dynamically linked ELF names its loader in a PT_INTERP program header. */
async function isStaticElf(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const header = Buffer.alloc(64);
    await fh.read(header, 0, 64, 0);
    if (header.readUInt32BE(0) !== 0x7f454c46 || header[4] !== 2) return false; // 64-bit ELF only
    const phoff = Number(header.readBigUInt64LE(32));
    const phentsize = header.readUInt16LE(54);
    const phnum = header.readUInt16LE(56);
    const table = Buffer.alloc(phentsize * phnum);
    await fh.read(table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) {
      const PT_INTERP = 3;
      if (table.readUInt32LE(i * phentsize) === PT_INTERP) return false;
    }
    return true;
  } finally {
    await fh.close();
  }
}

/**
 * Builds the image tarball once per busybox binary and reuses it; written under a temporary
 * name and renamed so concurrent runs never read a half-written file.
 */
export async function busyboxTarball(): Promise<string> {
  const busybox = await findStaticBusybox();
  const info = await stat(busybox);
  const cacheDir = join(hostsRoot(), 'cache');
  const tarball = join(cacheDir, `busybox-${info.size}-${Math.floor(info.mtimeMs)}.tar`);
  try {
    await stat(tarball);
    return tarball;
  } catch {
    // Not cached yet.
  }
  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(join(cacheDir, 'build-'));
  try {
    const rootfs = join(work, 'rootfs');
    await buildRootfs(busybox, rootfs);
    const partial = join(work, 'image.tar');
    await run('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', rootfs, '-cf', partial, '.']);
    await rename(partial, tarball);
    return tarball;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function buildRootfs(busybox: string, rootfs: string): Promise<void> {
  for (const d of ['bin', 'etc', 'tmp', 'proc', 'sys', 'dev', 'root', 'var/www']) {
    await mkdir(join(rootfs, d), { recursive: true });
  }
  await copyFile(busybox, join(rootfs, 'bin/busybox'));
  const applets = (await run(busybox, ['--list'])).stdout.split('\n').filter((a) => /^[\w.[-]+$/.test(a));
  for (const applet of applets) {
    if (applet !== 'busybox') await symlink('busybox', join(rootfs, 'bin', applet));
  }
  await writeFile(
    join(rootfs, 'etc/passwd'),
    'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n',
  );
  await writeFile(join(rootfs, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  await writeFile(join(rootfs, 'var/www/index.html'), 'coxswain test host\n');
}

/** Imports the busybox image into an engine unless it already has it. */
export async function ensureBusyboxImage(docker: Docker): Promise<void> {
  try {
    await docker.getImage(BUSYBOX_IMAGE).inspect();
    return;
  } catch {
    // Missing: import below.
  }
  const tarball = await busyboxTarball();
  const [repo, tag] = BUSYBOX_IMAGE.split(':') as [string, string];
  const stream = await docker.importImage(tarball, { repo, tag, changes: ['CMD ["sh"]', 'ENV PATH=/bin'] });
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()));
  }).catch((err: Error) => {
    throw new Error(`importing ${tarball} as ${BUSYBOX_IMAGE} failed: ${err.message}`);
  });
  await docker
    .getImage(BUSYBOX_IMAGE)
    .inspect()
    .catch((err: Error) => {
      throw new Error(`${BUSYBOX_IMAGE} missing after import: ${err.message}`);
    });
}
