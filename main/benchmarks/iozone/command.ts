// IOzone argv arrays (never shell strings): one run per file size so each point has its own time limit.
import type { IozoneParams } from './params.ts';

export const IOZONE_FILE_NAME = 'virtlab-iozone.tmp';

export function iozoneFilePath(p: Pick<IozoneParams, 'folder'>): string {
  return `${p.folder.replace(/\/+$/, '')}/${IOZONE_FILE_NAME}`;
}

export function iozoneArgv(p: IozoneParams, fileSizeKB: number): string[] {
  const argv = ['iozone'];
  for (const t of [...new Set(p.tests)].sort((a, b) => a - b)) argv.push('-i', String(t));
  argv.push('-r', `${p.recordKB}k`, '-s', `${fileSizeKB}k`, '-f', iozoneFilePath(p));
  if (p.includeFlush) argv.push('-e');
  if (p.directIO) argv.push('-I');
  if (p.excelReport) argv.push('-R');
  return argv;
}

export interface IozoneRun {
  point: { fileSizeKB: number; recordKB: number };
  argv: string[];
}

export function iozoneSweep(p: IozoneParams): IozoneRun[] {
  return p.fileSizesKB.filter((size) => size >= p.recordKB).map((size) => ({ point: { fileSizeKB: size, recordKB: p.recordKB }, argv: iozoneArgv(p, size) }));
}

export const iozoneVersionArgv = ['iozone', '-v'] as const;
