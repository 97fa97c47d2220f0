export { startHosts, Cluster, type StartHostsOptions } from './cluster';
export { TestHost, type StartProcessOptions } from './host';
export { cleanupLeftovers } from './reaper';
export { BUSYBOX_IMAGE, busyboxTarball, ensureBusyboxImage } from './image';
export { spawnLogged, LoggedProcess, type SpawnLoggedOptions, type ExitStatus } from './process';
export { run, tryRun, waitFor, sleep, type RunResult, type RunOptions } from './exec';
export { freePort } from './ports';
