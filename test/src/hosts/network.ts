import { run, tryRun } from './exec';
import {
  bridgeAddress,
  bridgeName,
  hostAddress,
  secondBridgeAddress,
  namespaceName,
  vethName,
  vethPeerName,
} from './naming';

/**
 * The simulated LAN of one run: a bridge in the root namespace and, per host, a namespace joined
 * to it by a veth pair. Namespaces get no default route on purpose: a host can reach the bridge
 * and its peers, and nothing beyond the run's own /24.
 */
export async function createBridge(run_: string, slot: number): Promise<void> {
  const br = bridgeName(run_);
  await run('ip', ['link', 'add', br, 'type', 'bridge']);
  await run('ip', ['addr', 'add', `${bridgeAddress(slot)}/24`, 'dev', br]);
  await run('ip', ['link', 'set', br, 'up']);
}

/** Gives the root namespace a second address on the run's bridge; it goes with the bridge. */
export async function addSecondBridgeAddress(run_: string, slot: number): Promise<string> {
  const address = secondBridgeAddress(slot);
  await run('ip', ['addr', 'add', `${address}/24`, 'dev', bridgeName(run_)]);
  return address;
}

export async function createHostNetwork(run_: string, slot: number, host: number): Promise<void> {
  const ns = namespaceName(run_, host);
  const outer = vethName(run_, host);
  const inner = vethPeerName(run_, host);
  await run('ip', ['netns', 'add', ns]);
  await run('ip', ['link', 'add', outer, 'type', 'veth', 'peer', 'name', inner]);
  await run('ip', ['link', 'set', inner, 'netns', ns]);
  await run('ip', ['link', 'set', outer, 'master', bridgeName(run_), 'up']);
  await run('ip', ['-n', ns, 'link', 'set', inner, 'name', 'eth0']);
  await run('ip', ['-n', ns, 'addr', 'add', `${hostAddress(slot, host)}/24`, 'dev', 'eth0']);
  await run('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
  await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
}

/** Down or up on the root side: the host keeps its address and processes but loses the wire. */
export async function setHostLink(run_: string, host: number, up: boolean): Promise<void> {
  await run('ip', ['link', 'set', vethName(run_, host), up ? 'up' : 'down']);
}

export async function listNamespaces(): Promise<string[]> {
  const res = await tryRun('ip', ['netns', 'list']);
  return res.stdout
    .split('\n')
    .map((l) => l.split(' ')[0]!.trim())
    .filter(Boolean);
}

export async function listLinks(): Promise<string[]> {
  const res = await run('ip', ['-o', 'link', 'show']);
  // Lines look like "7: coxv1a2bh1@if6: <...>"; the part after '@' names the peer.
  return res.stdout
    .split('\n')
    .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined);
}

export async function deleteNamespace(ns: string): Promise<string | undefined> {
  const res = await tryRun('ip', ['netns', 'delete', ns]);
  if (res.code !== 0 && !/No such file/i.test(res.stderr)) return `netns ${ns}: ${res.stderr.trim()}`;
  return undefined;
}

export async function deleteLink(name: string): Promise<string | undefined> {
  const res = await tryRun('ip', ['link', 'delete', name]);
  if (res.code !== 0 && !/Cannot find device/i.test(res.stderr)) return `link ${name}: ${res.stderr.trim()}`;
  return undefined;
}
