export { createAuthentifyExpress, type AuthentifyExpress } from './create-authentify-express.js';
export { httpRequestFromExpress } from './express-request.js';
export type { AuthentifyHttpOptions, LoginOptions, RequestAuth, RoutePaths } from '@authentify/core/http';
