import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/connection.js';

const cache = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement for `text` on `db`, compiled once per connection. A bulk edit of 10,000
 * clips runs a few statements per clip; compiling them each time would cost more than running them.
 */
export function stmt(db: Db, text: string): Statement {
  let byText = cache.get(db);
  if (!byText) cache.set(db, (byText = new Map()));
  let s = byText.get(text);
  if (!s) byText.set(text, (s = db.prepare(text)));
  return s;
}

/** An error the bridge shows as-is with a machine-readable code (`not_found`, `bad_input`). */
export function userError(code: 'not_found' | 'bad_input', message: string): Error {
  return Object.assign(new Error(message), { code });
}
