import type { RequestAuth, RequiredOptions } from '@authentify/core/http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** `Req` whose `auth` is `Auth`, whatever an `Express.Request` augmentation says it is. */
export type WithAuth<Req, Auth> = Omit<Req, 'auth'> & { readonly auth: Auth };

/** `auth` in a handler wrapped by `required(…)`: always this instance's session and user. */
export type RequiredAuth<Context extends object, User> = RequestAuth<Context, User>;

/** `auth` in a handler wrapped by `optional(…)`: the session and user, or `null` when anonymous. */
export type OptionalAuth<Context extends object, User> = RequestAuth<Context, User> | null;

/**
 * A handler wrapped by `optional(…)` or `required(…)`: an Express handler whose `req.auth` is
 * `Auth`. `P` types `req.params` (`authentify.required<{ id: string }>((req, res) => …)`).
 */
export type AuthHandler<Auth, P = Request['params']> = (
  req: WithAuth<Request<P>, Auth>,
  res: Response,
  next: NextFunction,
) => unknown;

/**
 * `optional` and `required`: Express middleware (`app.get(path, authentify.required, handler)`)
 * that can also wrap a handler, typing its `req.auth` from the instance
 * (`app.get(path, authentify.required((req, res) => …))`).
 */
export interface AuthMiddleware<Auth> extends RequestHandler {
  /** Wraps `handler`: it runs after authentication, with `req.auth` typed `Auth`. */
  <P = Request['params']>(handler: AuthHandler<Auth, P>): RequestHandler<P>;
}

/**
 * `required`: an {@link AuthMiddleware}, and `required({ freshWithin: '10m' })` for one that also
 * refuses sessions authenticated that long ago or longer (403 `reauthentication_required`).
 */
export interface RequiredMiddleware<Auth> extends AuthMiddleware<Auth> {
  /** @throws AuthentifyError `invalid_configuration` naming the option (`freshWithin`), now. */
  (options: RequiredOptions): AuthMiddleware<Auth>;
}

/** Whether the middleware was handed a handler to wrap rather than called by Express with `req`. */
export function isHandler<Handler extends (...args: never[]) => unknown>(first: Request | Handler): first is Handler {
  return typeof first === 'function';
}
