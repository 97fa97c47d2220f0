export { Mesh, type MeshOptions } from './mesh';
export { MeshMetrics } from './metrics';
export { KernelPath, type KernelPathOptions } from './kernel-path';
export { serveMetrics } from './metrics-server';
export { chooseOrder, endpointKey } from './choose';
export { PassiveHealth } from './passive-health';
export type { Dial, DialResult } from './dial';
