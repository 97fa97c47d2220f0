// The probes: http and tcp from the host to the replica's host port, exec inside the container
// through the engine (the caller's function). Each gives up when its signal aborts.
import http from 'node:http';
import net from 'node:net';
import type { ProbeKind } from './check';
import type { Probe } from './checker';
import type { CheckResult } from './state';

/** Runs a command in a container and resolves with its exit code; gives up when `signal` aborts. */
export type ExecInContainer = (
  containerId: string,
  command: string[],
  signal: AbortSignal,
) => Promise<{ exitCode: number; output: string }>;

/** Longest text of a check's output kept as its message. */
const MAX_MESSAGE = 200;

function httpGet(host: string, port: number, path: string, signal: AbortSignal): Promise<CheckResult> {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path, signal, headers: { 'user-agent': 'coxswain-health' } }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      resolve({ ok: code >= 200 && code < 400, message: `GET ${path}: ${code}` });
    });
    req.on('error', (err) => resolve({ ok: false, message: `GET ${path} on port ${port}: ${err.message}` }));
  });
}

function tcpConnect(host: string, port: number, signal: AbortSignal): Promise<CheckResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (r: CheckResult) => {
      socket.destroy();
      signal.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const onAbort = () => done({ ok: false, message: `connect to port ${port}: aborted` });
    signal.addEventListener('abort', onAbort);
    socket.once('connect', () => done({ ok: true, message: `connected to port ${port}` }));
    socket.once('error', (err) => done({ ok: false, message: `connect to port ${port}: ${err.message}` }));
  });
}

/**
 * The probe function of the checker. `host` is where the host's own ports answer: the node's
 * advertise address, or loopback in the host's namespace.
 */
export function probeCheck(host: string, exec: ExecInContainer): Probe {
  return async (containerId: string, p: ProbeKind, signal: AbortSignal): Promise<CheckResult> => {
    switch (p.kind) {
      case 'http':
      case 'tcp':
        if (!p.port) return { ok: false, message: `the checked port has no host port` };
        return p.kind === 'http' ? httpGet(host, p.port, p.path, signal) : tcpConnect(host, p.port, signal);
      case 'exec': {
        const { exitCode, output } = await exec(containerId, p.command, signal);
        const text = output.trim().slice(0, MAX_MESSAGE);
        return { ok: exitCode === 0, message: `exit code ${exitCode}${text ? `: ${text}` : ''}` };
      }
    }
  };
}
