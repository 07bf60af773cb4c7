// Where VirtLab keeps its database and known hosts: --data-dir, then VIRTLAB_DATA_DIR, then the OS user-data folder.
import { homedir, platform } from 'node:os';
import { join, resolve } from 'node:path';

export function defaultUserDataDir(env: Record<string, string | undefined> = process.env): string {
  const home = homedir();
  switch (platform()) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'VirtLab');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'VirtLab');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'VirtLab');
  }
}

export function resolveDataDir(flag: string | undefined, env: Record<string, string | undefined> = process.env): string {
  if (flag) return resolve(flag);
  if (env.VIRTLAB_DATA_DIR) return resolve(env.VIRTLAB_DATA_DIR);
  return defaultUserDataDir(env);
}

export const databaseFile = (dataDir: string): string => join(dataDir, 'virtlab.db');
export const knownHostsFile = (dataDir: string): string => join(dataDir, 'known_hosts');
