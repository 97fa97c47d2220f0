export { controlPlaneService, type ApiDeps } from './service';
export { renderWorkload, renderNode } from './render';
export { resolveTarget } from './sessions';
