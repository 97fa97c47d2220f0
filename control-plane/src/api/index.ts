export { controlPlaneService, type ApiDeps } from './service';
export { validateSpec, validateName, validateReplicas, ValidationError, LIMITS } from './validate';
export { renderWorkload, renderNode } from './render';
