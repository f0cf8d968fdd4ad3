/** Errors the engine reports to users. `code` lets front ends map them (e.g. CLI exit codes). */
export type TersifyErrorCode = 'usage' | 'binary' | 'too-large' | 'model' | 'cancelled' | 'internal';

export class TersifyError extends Error {
  constructor(
    readonly code: TersifyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TersifyError';
  }
}

export function usageError(message: string): TersifyError {
  return new TersifyError('usage', message);
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TersifyError('cancelled', 'compression was cancelled');
}
