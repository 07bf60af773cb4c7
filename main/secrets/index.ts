export * from './secret.ts';
export * from './secret-store.ts';
export * from './memory-store.ts';
export * from './env-store.ts';
export * from './prompt-store.ts';
export * from './chained-store.ts';
export * from './encrypted-file-store.ts';
export * from './redact.ts';
