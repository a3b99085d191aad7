import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * "Another site": a server on `host` (another port of 127.0.0.1 is the same site but another
 * origin; 127.0.0.2 is another site) whose page posts a form to the demo as soon as it loads —
 * the shape of a CSRF attack. `GET /attack?target=/path&field=value…`.
 */
export async function startOtherSite(demoUrl: string, host: string): Promise<{ server: Server; url: string }> {
  const escape = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
  const server = createServer((request, response) => {
    const query = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams;
    const target = query.get('target') ?? '/';
    const fields = [...query].filter(([name]) => name !== 'target');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>Totally harmless</title>
<form method="post" action="${escape(demoUrl + target)}">
${fields.map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`).join('\n')}
</form>
<script>document.forms[0].submit()</script>`);
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(0, host, listening);
  });
  return { server, url: `http://${host}:${(server.address() as AddressInfo).port}` };
}
