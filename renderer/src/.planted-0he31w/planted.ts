import { procedures } from '../../../main/contract/procedures.ts';
export const x = procedures;
