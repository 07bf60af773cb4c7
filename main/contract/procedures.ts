// The one map of request/response procedures. Each domain owns a file and is spread in here.
import { appProcedures } from './app.ts';
import { hostsProcedures } from './hosts.ts';
import { factsProcedures } from './facts.ts';
import { settingsProcedures } from './settings.ts';
import { runsProcedures } from './runs.ts';
import { technologyCheckProcedures } from './technology-check.ts';
import { scenariosProcedures } from './scenarios.ts';
import { campaignsProcedures } from './campaigns.ts';
import { resultsProcedures } from './results.ts';
import type { InputOf, OutputOf, ParsedInputOf } from './procedure.ts';

export const procedures = {
  ...appProcedures,
  ...hostsProcedures,
  ...factsProcedures,
  ...settingsProcedures,
  ...runsProcedures,
  ...technologyCheckProcedures,
  ...scenariosProcedures,
  ...campaignsProcedures,
  ...resultsProcedures,
} as const;

export type Procedures = typeof procedures;
export type ProcedureName = keyof Procedures;
export type Input<N extends ProcedureName> = InputOf<Procedures[N]>;
export type Output<N extends ProcedureName> = OutputOf<Procedures[N]>;
export type ParsedInput<N extends ProcedureName> = ParsedInputOf<Procedures[N]>;

/** What the core must implement: a missing or mistyped handler is a compile error. */
export type Handlers = { [N in ProcedureName]: (input: ParsedInput<N>) => Promise<Output<N>> };

/** What a renderer calls: the same names, returning promises. */
export type Client = { [N in ProcedureName]: (input: Input<N>) => Promise<Output<N>> };

export const procedureNames = Object.keys(procedures) as ProcedureName[];

export function isProcedureName(name: string): name is ProcedureName {
  return Object.prototype.hasOwnProperty.call(procedures, name);
}
