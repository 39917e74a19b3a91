/** Where `opengrid` keeps node and coordinator data folders: $OPENGRID_HOME, or ~/.opengrid. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function opengridHome(): string {
  return process.env.OPENGRID_HOME ?? join(homedir(), '.opengrid');
}

export function defaultDataFolder(role: 'coordinator' | 'node' | 'devnet'): string {
  return join(opengridHome(), role);
}
