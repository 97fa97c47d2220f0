/** Labels every container started by an agent carries; containers without them are never touched. */
export const LABEL_WORKLOAD = 'coxswain.workload';
export const LABEL_REPLICA = 'coxswain.replica';
export const LABEL_GENERATION = 'coxswain.generation';
export const LABEL_NODE = 'coxswain.node';
/** Assignment epoch: grows each time a replica is placed; fences stale copies. */
export const LABEL_EPOCH = 'coxswain.epoch';
/** The workload's disconnect policy, so an agent cut off from the control plane knows it. */
export const LABEL_DISCONNECT = 'coxswain.disconnect';

export function containerName(workload: string, replica: number): string {
  return `coxswain-${workload}-${replica}`;
}
