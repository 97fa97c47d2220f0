export { controlPlaneService, type ApiDeps } from './service';
export { EndpointsApi } from './endpoints';
export { renderWorkload, renderNode } from './render';
export { resolveTarget } from './sessions';
