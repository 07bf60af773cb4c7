// The shape of one request/response procedure and the types every transport derives from it.
import type { z } from 'zod';

export interface ProcedureSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  /** One line for humans (CLI help, docs). */
  readonly summary: string;
  /** The input's `path` names a file the user picks: in the desktop app the shell takes it from a dialog of its own. */
  readonly file?: FileChoice;
}

/** What kind of file dialog picks a procedure's `path` (or `dir`), and its title. */
export interface FileChoice {
  readonly dialog: 'open' | 'save' | 'folder';
  readonly field: 'path' | 'dir';
  readonly title: string;
}

export function procedure<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string, file?: FileChoice): ProcedureSpec<I, O> {
  return file ? { input, output, summary, file } : { input, output, summary };
}

/** What a caller sends (defaults may be left out). */
export type InputOf<S> = S extends ProcedureSpec<infer I, z.ZodType> ? z.input<I> : never;
/** What a handler receives: the input after validation, defaults filled in. */
export type ParsedInputOf<S> = S extends ProcedureSpec<infer I, z.ZodType> ? z.output<I> : never;
export type OutputOf<S> = S extends ProcedureSpec<z.ZodType, infer O> ? z.output<O> : never;
