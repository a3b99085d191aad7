export { createAuthentifyExpress, type AuthentifyExpress } from './create-authentify-express.js';
export { httpRequestFromExpress } from './express-request.js';
export type { AuthHandler, AuthMiddleware, OptionalAuth, RequiredAuth, RequiredMiddleware, WithAuth } from './typed-handlers.js';
export type { AuthentifyHttpOptions, LoginOptions, RequestAuth, RequiredOptions, RoutePaths } from '@authentify/core/http';
