// Where the built renderer lives in this checkout (the Electron package carries its own copy).
import { fileURLToPath } from 'node:url';

export const rendererDistDir = (): string => fileURLToPath(new URL('../../renderer/dist', import.meta.url));
