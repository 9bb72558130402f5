import { ERROR_CODES, ErrorCode } from './error-codes';

/** A refusal the API explains with a code from the one list. The global filter renders it. */
export class DomainError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERROR_CODES[code].description);
    this.name = 'DomainError';
    this.status = ERROR_CODES[code].status;
  }

  static notFound(entity: string, id?: string): DomainError {
    return new DomainError('NOT_FOUND', `${entity} not found`, id ? { id } : undefined);
  }
}
