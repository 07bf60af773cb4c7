#!/usr/bin/env node
// The virtlab command: runs the headless core's CLI (TypeScript, loaded through tsx).
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
