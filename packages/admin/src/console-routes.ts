import type { Authentify, RequestView, RevocationReason } from '@authentify/core';
import type { AdminOperator, AdminSettings } from './admin-options.js';
import { BadInput } from './bad-input.js';
import { formField, readForm } from './form-body.js';
import { listQueryString, MAX_USER_ID_LENGTH, parseListQuery } from './list-query.js';
import { noticeText } from './notices.js';
import { listPage } from './pages/list-page.js';
import { messagePage } from './pages/message-page.js';
import { sessionPage } from './pages/session-page.js';
import { runPrune, showPrune } from './prune-route.js';
import { htmlResponse, seeOther } from './responses.js';

/** What every route needs: the instance, the settings, who is operating, and the request's view for hooks. */
export interface ConsoleContext {
  readonly auth: Authentify<object, unknown>;
  readonly settings: AdminSettings;
  readonly operator: AdminOperator;
  readonly view: RequestView;
}

/** A session id as core makes them; anything else is refused before storage sees it. */
const SESSION_ID = /^[0-9A-Za-z]{1,64}$/;
const SESSION_PATH = /^\/sessions\/([^/]*)$/;
const REVOKE_PATH = /^\/sessions\/([^/]*)\/revoke$/;

/** Dispatches an authorized request (its path relative to `basePath`) to its page or action. */
export async function routeRequest(request: Request, path: string, context: ConsoleContext): Promise<Response> {
  const method = request.method.toUpperCase();
  const reading = method === 'GET' || method === 'HEAD';
  const query = new URL(request.url).searchParams;
  if (path === '/') return reading ? list(query, context) : notAllowed(context, 'GET');
  if (path === '/prune') {
    if (reading) return showPrune(context);
    return method === 'POST' ? runPrune(await readForm(request), context) : notAllowed(context, 'GET, POST');
  }
  if (path === '/users/revoke') return method === 'POST' ? revokeUser(await readForm(request), context) : notAllowed(context, 'POST');
  const revoke = REVOKE_PATH.exec(path);
  if (revoke !== null) return method === 'POST' ? revokeOne(sessionId(revoke[1]!), await readForm(request), context) : notAllowed(context, 'POST');
  const show = SESSION_PATH.exec(path);
  if (show !== null) return reading ? inspect(sessionId(show[1]!), query, context) : notAllowed(context, 'GET');
  return htmlResponse(messagePage(context.settings.basePath, { title: 'Not found', code: 'not_found', message: 'There is no console page here.', actor: context.operator.actor }), 404);
}

async function list(query: URLSearchParams, context: ConsoleContext): Promise<Response> {
  const { filter, cursor } = parseListQuery(query);
  const [page, counts] = await Promise.all([
    context.auth.searchSessions({ ...filter, cursor, limit: context.settings.pageSize }),
    context.auth.countSessionsByState(filter),
  ]);
  return htmlResponse(
    listPage({
      basePath: context.settings.basePath,
      actor: context.operator.actor,
      filter,
      counts,
      sessions: page.sessions,
      nextCursor: page.nextCursor,
      notice: noticeText(query.get('notice')),
    }),
  );
}

async function inspect(id: string, query: URLSearchParams, context: ConsoleContext): Promise<Response> {
  const session = await context.auth.findSession(id);
  const { basePath } = context.settings;
  if (session === null) {
    return htmlResponse(messagePage(basePath, { title: 'Not found', code: 'session_not_found', message: 'There is no session with this id.', actor: context.operator.actor }), 404);
  }
  return htmlResponse(sessionPage({ basePath, actor: context.operator.actor, session, notice: noticeText(query.get('notice')) }));
}

async function revokeOne(id: string, form: URLSearchParams, context: ConsoleContext): Promise<Response> {
  const audit = revocationForm(form);
  const { basePath } = context.settings;
  const session = await context.auth.findSession(id);
  if (session === null) {
    return htmlResponse(messagePage(basePath, { title: 'Not found', code: 'session_not_found', message: 'There is no session with this id.', actor: context.operator.actor }), 404);
  }
  const revoked = await context.auth.revokeSession(id, { ...audit, actor: context.operator.actor, request: context.view });
  // Without audit retention a revoked session is deleted at once: its page is gone, so the
  // answer is its user's list.
  if (revoked && (await context.auth.findSession(id)) === null) {
    return seeOther(`${basePath}/${listQueryString({ userId: session.userId }, { notice: 'revoked-not-kept' })}`);
  }
  return seeOther(`${basePath}/sessions/${id}?notice=${revoked ? 'revoked' : 'already-ended'}`);
}

async function revokeUser(form: URLSearchParams, context: ConsoleContext): Promise<Response> {
  const userId = formField(form, 'userId', MAX_USER_ID_LENGTH);
  if (userId === null) throw new BadInput('userId is required.');
  const audit = revocationForm(form);
  const count = await context.auth.revokeSessions(
    { userId, states: ['live'] },
    { ...audit, actor: context.operator.actor, request: context.view },
  );
  return seeOther(`${context.settings.basePath}/${listQueryString({ userId }, { notice: `revoked-${count}` })}`);
}

/** The reason, note and confirmation every revocation form carries. */
function revocationForm(form: URLSearchParams): { reason: RevocationReason; note?: string } {
  if (form.get('confirm') !== 'yes') throw new BadInput('tick the confirmation box to revoke.');
  const reason = formField(form, 'reason', 40) ?? 'admin';
  if (reason !== 'admin' && reason !== 'credentials_changed') throw new BadInput('reason must be admin or credentials_changed.');
  const note = formField(form, 'note', 1000);
  return note === null ? { reason } : { reason, note };
}

function sessionId(segment: string): string {
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    throw new BadInput('the session id is malformed.');
  }
  if (!SESSION_ID.test(id)) throw new BadInput('the session id is malformed.');
  return id;
}

function notAllowed(context: ConsoleContext, allow: string): Response {
  return htmlResponse(
    messagePage(context.settings.basePath, { title: 'Method not allowed', code: 'method_not_allowed', message: `This page answers ${allow} only.`, actor: context.operator.actor }),
    405,
    { allow },
  );
}
