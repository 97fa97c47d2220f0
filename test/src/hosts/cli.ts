import Docker from 'dockerode';
import { busyboxTarball, ensureBusyboxImage, BUSYBOX_IMAGE } from './image';
import { cleanupLeftovers } from './reaper';

/**
 * Entry for shell scripts: `node test/dist/hosts/cli.js cleanup` clears leftovers of earlier runs;
 * `... import-image unix:///path/docker.sock` puts the test image into an engine.
 */
async function main(argv: string[]): Promise<void> {
  const [command, arg] = argv;
  switch (command) {
    case 'cleanup': {
      const reaped = await cleanupLeftovers();
      console.log(reaped.length > 0 ? `removed test-host runs: ${reaped.join(', ')}` : 'no test-host leftovers');
      return;
    }
    case 'tarball':
      console.log(await busyboxTarball());
      return;
    case 'import-image': {
      if (!arg?.startsWith('unix://')) throw new Error('import-image needs a unix:// docker host');
      await ensureBusyboxImage(new Docker({ socketPath: arg.slice('unix://'.length) }));
      console.log(`${BUSYBOX_IMAGE} present in ${arg}`);
      return;
    }
    default:
      throw new Error(
        `usage: cli.js cleanup | tarball | import-image unix:///path/docker.sock (got ${command ?? 'nothing'})`,
      );
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
