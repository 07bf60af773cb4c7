export * from './procedure.ts';
export * from './procedures.ts';
export * from './events.ts';
export * from './channels.ts';
export * from './errors.ts';
export * from './validate.ts';
export * from './app.ts';
export * from './preload-api.ts';
