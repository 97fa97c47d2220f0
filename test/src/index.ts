export * from './hosts';
export { E2E, SERVICE_COMMAND, spec, type Copy } from './e2e/fixture';
export { Sampler } from './e2e/sampler';
export { apiClient, codeOf, type ApiClient } from './client';
export { InProcessCluster } from './in-process';
