// Public surface of the http thread's modules (uWebSockets.js stays behind this folder).
export { httpThreadWanted, type HttpEndpointsConfig } from './thread-wanted.js';
export { HttpExitGuard } from './exit-guard.js';
export { HttpService, type HttpServiceConfig, type HttpServiceOptions } from './http-service.js';
