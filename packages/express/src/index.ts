export { createAuthentifyExpress, type AuthentifyExpress } from './create-authentify-express.js';
export { httpRequestFromExpress } from './express-request.js';
export type { AuthHandler, AuthMiddleware, OptionalAuth, RequiredAuth, WithAuth } from './typed-handlers.js';
export type { AuthentifyHttpOptions, LoginOptions, RequestAuth, RoutePaths } from '@authentify/core/http';
