// The database handle as the rest of main/ holds it: passed to the store's repositories and queries, never used
// for SQL outside main/store/ (eslint.config.js refuses better-sqlite3 and SQL calls elsewhere).
export type { Database } from 'better-sqlite3';
