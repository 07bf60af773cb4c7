// The packaged app's security switches, read from the packaging config electron-builder uses: a change that turns one
// back on fails here instead of shipping.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';

const config = parse(readFileSync(resolve(import.meta.dirname, '..', '..', 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

it('flips Electron fuses: no run-as-node, no NODE_OPTIONS or inspect arguments, app code only from an integrity-checked asar', () => {
  expect(config.asar).toBe(true);
  expect(config.electronFuses).toEqual({
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: true,
    grantFileProtocolExtraPrivileges: false,
  });
});
