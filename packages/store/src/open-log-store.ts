/** Opens a log store from a location string: `sqlite:<path>` (or a bare path) or `postgres://...`. */
import type { LogStore } from './log-store.js';
import { openPostgresLogStore } from './postgres/postgres-log-store.js';
import { openSqliteLogStore } from './sqlite/sqlite-log-store.js';
import { StoreError } from './store-error.js';

export async function openLogStore(location: string, origin: string): Promise<LogStore> {
  if (location.startsWith('postgres://') || location.startsWith('postgresql://')) {
    return openPostgresLogStore({ url: location, origin });
  }
  if (location.includes('://')) {
    throw new StoreError(
      'store_url_invalid',
      `unknown store "${location}": use sqlite:<path> or postgres://...`,
    );
  }
  const path = location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location;
  if (path.length === 0) throw new StoreError('store_url_invalid', 'sqlite: needs a file path');
  return openSqliteLogStore({ path, origin });
}
