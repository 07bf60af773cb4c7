export * from './key-blob.ts';
export * from './host-pattern.ts';
export * from './hashed-host.ts';
export * from './parse.ts';
export * from './match.ts';
export * from './known-hosts-file.ts';
export * from './import-openssh.ts';
