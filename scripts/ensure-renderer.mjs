// Builds the renderer once if this checkout has no build yet, so `npm start` works straight after install.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

if (!existsSync(new URL('../renderer/dist/index.html', import.meta.url))) {
  console.error('Building the UI once (renderer/dist)...');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.renderer.config.ts'], {
    stdio: 'inherit',
    cwd: new URL('..', import.meta.url),
  });
}
