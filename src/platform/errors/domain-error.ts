import { ERROR_DETAILS } from './error-details.dto';
import { ERROR_CODES, ErrorCode } from './error-codes';

/** The `details` a code carries: its shape from `ERROR_DETAILS`, or a free-form object for the others. */
export type ErrorDetails<C extends ErrorCode> = C extends keyof typeof ERROR_DETAILS
  ? InstanceType<(typeof ERROR_DETAILS)[C]>
  : Record<string, unknown>;

/** A refusal the API explains with a code from the one list. The global filter renders it. */
export class DomainError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: number;

  constructor(
    readonly code: C,
    message?: string,
    readonly details?: ErrorDetails<C>,
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERROR_CODES[code].description);
    this.name = 'DomainError';
    this.status = ERROR_CODES[code].status;
  }

  static notFound(entity: string, id?: string): DomainError<'NOT_FOUND'> {
    return new DomainError('NOT_FOUND', `${entity} not found`, id ? { id } : undefined);
  }
}
