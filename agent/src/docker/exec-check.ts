// A health check's command inside a container: its exit code and a little of its output. Unlike
// a user's Exec there is no stdin and no terminal, and a check that outlives its timeout has its
// process killed, so a hanging check cannot pile up copies of itself in the container.
import type Docker from 'dockerode';
import type { Duplex } from 'node:stream';
import { answerWithin, dockerMessage, within } from './connect';
import { FrameDemuxer } from './frames';
import { RuntimeError } from './runtime';

/** Output kept per check: enough for a message, never the whole of a chatty command. */
const MAX_OUTPUT_BYTES = 4096;
const EXIT_POLL_MS = 50;

export async function execCheck(
  docker: Docker,
  containerId: string,
  command: string[],
  signal: AbortSignal,
): Promise<{ exitCode: number; output: string }> {
  let exec: Docker.Exec;
  let stream: Duplex;
  try {
    exec = await docker
      .getContainer(containerId)
      .exec({ Cmd: command, AttachStdout: true, AttachStderr: true, ...within() });
    // The output stream must outlive any per-call timeout: only its opening is bounded.
    stream = (await answerWithin(exec.start({ hijack: true, stdin: false }))) as Duplex;
  } catch (err) {
    throw new RuntimeError(`exec check in container ${containerId}: ${dockerMessage(err)}`);
  }
  const onAbort = () => {
    stream.destroy();
    void killExec(exec);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const chunks: Buffer[] = [];
    let kept = 0;
    const demux = new FrameDemuxer();
    await new Promise<void>((resolve) => {
      stream.on('data', (chunk: Buffer) => {
        if (kept >= MAX_OUTPUT_BYTES) return;
        try {
          for (const piece of demux.push(chunk)) {
            chunks.push(piece.data);
            kept += piece.data.length;
          }
        } catch {
          // Unreadable framing: the exit code still decides.
        }
      });
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', () => resolve());
    });
    for (;;) {
      if (signal.aborted) throw new RuntimeError('exec check aborted');
      const info = await exec.inspect(within());
      if (!info.Running && typeof info.ExitCode === 'number')
        return { exitCode: info.ExitCode, output: Buffer.concat(chunks).toString('utf8', 0, MAX_OUTPUT_BYTES) };
      await new Promise((r) => setTimeout(r, EXIT_POLL_MS));
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * The engine has no call to end an exec; its process is killed by pid instead. The agent runs
 * beside its engine (same pid namespace), and where it does not the kill fails quietly and the
 * process ends on its own or with its container.
 */
async function killExec(exec: Docker.Exec): Promise<void> {
  try {
    const info = await exec.inspect(within());
    if (info.Running && info.Pid > 0) process.kill(info.Pid, 'SIGKILL');
  } catch {
    // Already gone, or not ours to kill.
  }
}
