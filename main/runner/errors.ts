// Runner errors: what step failed where, with the remote output that explains it (never a secret).

// 'input': a campaign input is missing or not what it was (no NPB source, a tarball whose checksum changed).
export type RunnerErrorKind = 'refused' | 'declined' | 'remote' | 'build' | 'timeout' | 'config' | 'cleanup' | 'input';

export class RunnerError extends Error {
  constructor(
    readonly kind: RunnerErrorKind,
    message: string,
    readonly detail?: { stdout?: string; stderr?: string; firstError?: string },
  ) {
    super(message);
    this.name = 'RunnerError';
  }
}
