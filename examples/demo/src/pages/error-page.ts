import { html } from 'hono/html';
import { type Html, layout } from './layout.js';

/** A logout or revoke whose session cookie no longer works (Authentify has cleared it). */
const SESSION_ENDED = {
  title: 'Your session had already ended',
  text: 'It was signed out from another device, or it expired. Sign in again to continue.',
};

/** What a person reads for Authentify's error codes (the codes themselves are in docs/http.md). */
const EXPLANATIONS: Readonly<Record<string, { title: string; text: string }>> = {
  malformed: SESSION_ENDED,
  invalid: SESSION_ENDED,
  expired: SESSION_ENDED,
  revoked: SESSION_ENDED,
  csrf_rejected: {
    title: 'Refused: this request came from another site',
    text: 'A form on another site tried to act on your session here. Nothing was changed.',
  },
  storage_unavailable: {
    title: 'Sessions are unavailable',
    text: 'The session database did not answer. Nothing was changed; please try again in a moment.',
  },
  missing: {
    title: 'You are not signed in',
    text: 'This browser holds no session here, so there was nothing to sign out or revoke. Nothing was changed.',
  },
  session_not_found: { title: 'No such session', text: 'That session had already ended, or is not one of yours.' },
  method_not_allowed: { title: 'Not allowed', text: 'That address does not accept this kind of request.' },
  not_found: { title: 'Page not found', text: 'There is nothing at this address.' },
  internal_error: { title: 'Something went wrong', text: 'The server failed to answer. The details are in its log.' },
};

const FALLBACK = { title: 'Request refused', text: 'The server refused this request.' };

export function errorPage(status: number, code: string): Html {
  const explanation = EXPLANATIONS[code] ?? FALLBACK;
  return layout({
    title: explanation.title,
    body: html`<section class="card narrow">
      <p class="status">${status} · <code>${code}</code></p>
      <h1>${explanation.title}</h1>
      <p class="lead">${explanation.text}</p>
      <p><a class="button" href="/">Back to the demo</a></p>
    </section>`,
  });
}
