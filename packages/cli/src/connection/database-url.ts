import { CliError, EXIT } from '../exit-codes.js';

/** A database named by `--database-url` or `AUTHENTIFY_DATABASE_URL`. */
export type DatabaseUrl =
  | { dialect: 'sqlite'; path: string }
  | { dialect: 'postgres' | 'mysql'; url: string; host: string; port: number };

export const ACCEPTED_URL_FORMS = `Accepted forms:
  sqlite:<path>                                     e.g. sqlite:./app.db, sqlite:/var/lib/app/app.db
  postgres://<user>[:<password>]@<host>[:<port>]/<database>   (also postgresql://)
  mysql://<user>[:<password>]@<host>[:<port>]/<database>      (also mariadb://)`;

/**
 * Parses a database URL. Anything else — no scheme, an unknown one, a server URL without a host
 * or database — is a usage error that lists the accepted forms.
 */
export function parseDatabaseUrl(text: string): DatabaseUrl {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    const path = text.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path.length === 0) throw bad(text, 'the sqlite: URL names no file.');
    return { dialect: 'sqlite', path };
  }
  if (scheme === 'postgres' || scheme === 'postgresql' || scheme === 'mysql' || scheme === 'mariadb') {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      throw bad(text, 'it is not a valid URL.');
    }
    if (parsed.hostname === '') throw bad(text, 'it names no host.');
    if (parsed.pathname.length <= 1) throw bad(text, 'it names no database (the path after the host).');
    const dialect = scheme === 'postgres' || scheme === 'postgresql' ? 'postgres' : 'mysql';
    const port = parsed.port === '' ? (dialect === 'postgres' ? 5432 : 3306) : Number(parsed.port);
    // mysql2 reads only mysql://; the rest of the URL is the same.
    const url = scheme === 'mariadb' ? `mysql:${text.slice('mariadb:'.length)}` : text;
    return { dialect, url, host: parsed.hostname, port };
  }
  throw bad(text, scheme === undefined ? 'it has no scheme.' : `the scheme "${scheme}:" is not supported.`);
}

/** The URL with any password replaced, for messages. */
export function redactUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

function bad(text: string, why: string): CliError {
  return new CliError(`Cannot use the database URL "${redactUrl(text)}": ${why}\n${ACCEPTED_URL_FORMS}`, EXIT.usage);
}
