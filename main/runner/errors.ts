// Runner errors: what step failed where, with the remote output that explains it (never a secret).

export type RunnerErrorKind = 'refused' | 'declined' | 'remote' | 'build' | 'timeout' | 'config' | 'cleanup';

export class RunnerError extends Error {
  constructor(readonly kind: RunnerErrorKind, message: string, readonly detail?: { stdout?: string; stderr?: string; firstError?: string }) {
    super(message);
    this.name = 'RunnerError';
  }
}
