import { html, type SafeHtml } from '../html.js';

/** The reasons an operator may give; `admin` unless they say the user's credentials changed. */
function reasonField(): SafeHtml {
  return html`<label>Reason<select name="reason"><option value="admin" selected>admin</option><option value="credentials_changed">credentials_changed</option></select></label>
<label>Note (kept with the session)<textarea name="note" maxlength="1000" rows="2"></textarea></label>`;
}

/** Revokes one session; the checkbox is the confirmation (the server refuses the form without it). */
export function revokeSessionForm(basePath: string, sessionId: string): SafeHtml {
  return html`<form method="post" action="${basePath}/sessions/${sessionId}/revoke" aria-label="Revoke this session">
<strong>Revoke this session</strong>
${reasonField()}
<label class="check"><input type="checkbox" name="confirm" value="yes" required> I mean to end this session</label>
<button class="danger" type="submit">Revoke session</button>
</form>`;
}

/** Revokes every live session of a user. */
export function revokeUserForm(basePath: string, userId: string, live: number | null): SafeHtml {
  return html`<form method="post" action="${basePath}/users/revoke" aria-label="Revoke all sessions of this user">
<strong>Revoke all live sessions of <code>${userId}</code>${live === null ? '' : html` (${live})`}</strong>
<input type="hidden" name="userId" value="${userId}">
${reasonField()}
<label class="check"><input type="checkbox" name="confirm" value="yes" required> I mean to log this user out everywhere</label>
<button class="danger" type="submit">Revoke all of this user’s sessions</button>
</form>`;
}
