export { controlPlaneService, type ApiDeps } from './service';
export { NodeListEncoder, passEncoded } from './node-list';
export { EndpointsApi } from './endpoints';
export { renderWorkload, renderNode } from './render';
export { resolveTarget } from './sessions';
