import type { HttpResponse } from '@authentify/core/http';
import type { Response } from 'express';

/** Writes core's answer: status, headers, one `Set-Cookie` per cookie, the body. */
export function sendHttpResponse(res: Response, response: HttpResponse): void {
  res.status(response.status);
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  appendCookies(res, response.cookies);
  res.end(response.body ?? undefined);
}

/** Adds `Set-Cookie` values to a response the application will send, keeping any it set. */
export function appendCookies(res: Response, cookies: readonly string[]): void {
  for (const cookie of cookies) res.append('set-cookie', cookie);
}
