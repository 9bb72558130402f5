import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isUUID } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { fromConstraintViolation } from './constraint-errors';
import { fromDependencyError } from './dependency-errors';
import { DomainError } from './domain-error';
import { ERROR_CODES, ErrorCode } from './error-codes';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: object;
  requestId: string;
}

/** What Nest's ParseUUIDPipe (and its other Parse*Pipes) say when a path parameter is refused. */
const PARAM_PIPE_FAILURE = /^Validation failed \(.+ is expected\)$/;

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Postgres errors that are a client's or the contention's fault, not ours. */
function fromDatabaseError(err: QueryFailedError): DomainError | undefined {
  const driver = err.driverError as { code?: string; constraint?: string } | undefined;
  const pgCode = driver?.code;
  switch (pgCode) {
    case '55P03': // lock_not_available: SET LOCAL lock_timeout fired
    case '40P01': // deadlock_detected
    case '40001': // serialization_failure
      return new DomainError('INVENTORY_BUSY', 'The inventory is busy; retry shortly', undefined, {
        'Retry-After': '1',
      });
    default:
      return fromConstraintViolation(pgCode, driver?.constraint);
  }
}

/** Turns every error (domain, validation, Nest, TypeORM, unknown) into the one error shape. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    // Body-parser errors happen before the logger assigns an id, so fall back to the header or a new one.
    const requestId = String(
      req.id ?? res.getHeader('x-request-id') ?? req.get('x-request-id') ?? randomUUID(),
    );
    if (!res.headersSent && !res.getHeader('x-request-id')) res.setHeader('X-Request-Id', requestId);
    const { body, headers } = this.toBody(exception, req, requestId);
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, req: Request, requestId: string) {
    let error = this.classify(exception, req, requestId);
    if (!error) {
      this.logger.error({ err: exception, requestId }, 'Unhandled error');
      error = new DomainError('INTERNAL_ERROR', 'An unexpected error occurred');
    }
    const headers = { ...(error.headers ?? {}) };
    const body: ErrorBody = { statusCode: error.status, code: error.code, message: error.message, requestId };
    if (error.details) body.details = error.details;
    return { body, headers };
  }

  /** The client's error for `exception`, or undefined for a bug of ours (a 500). */
  private classify(exception: unknown, req: Request, requestId: string): DomainError | undefined {
    if (exception instanceof DomainError) return exception;
    if (exception instanceof HttpException) return this.fromHttpException(exception, req);
    const unavailable = fromDependencyError(exception);
    if (unavailable) {
      // Redis or Postgres failed under us: not a bug, but an operator wants to see every one.
      this.logger.warn({ err: exception, requestId, code: unavailable.code }, 'dependency unavailable');
      return unavailable;
    }
    if (exception instanceof QueryFailedError) return fromDatabaseError(exception);
    if (this.isBodyParserError(exception)) return this.fromBodyParserError(exception);
    return undefined;
  }

  private fromHttpException(exception: HttpException, req: Request): DomainError {
    const status = exception.getStatus();
    if (status === HttpStatus.NOT_FOUND && exception.constructor.name === 'NotFoundException') {
      const response = exception.getResponse() as { message?: string };
      if (typeof response.message === 'string' && response.message.startsWith('Cannot ')) {
        return new DomainError('ROUTE_NOT_FOUND', `No route for ${req.method} ${req.path}`);
      }
    }
    const code = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'CONFLICT');
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? ERROR_CODES[code].description
          : String((response as { message?: unknown }).message ?? exception.message);
    if (status === HttpStatus.BAD_REQUEST && /JSON/i.test(message)) {
      return new DomainError('MALFORMED_JSON', 'The request body is not valid JSON');
    }
    if (status === HttpStatus.BAD_REQUEST && PARAM_PIPE_FAILURE.test(message))
      return this.badPathParam(req, message);
    return new DomainError(code, status >= 500 ? ERROR_CODES[code].description : message);
  }

  /**
   * Nest's Parse*Pipe says what it expected, not of which parameter: the path parameters that are not UUIDs
   * (every id in this API is one) are the ones it refused.
   */
  private badPathParam(req: Request, message: string): DomainError {
    const params = Object.entries((req.params ?? {}) as Record<string, string>);
    const bad = params.filter(([, value]) => !isUUID(value)).map(([name]) => name);
    const fields = (bad.length > 0 ? bad : params.map(([name]) => name)).map((field) => ({
      field,
      errors: [`${field}: ${message}`],
    }));
    return new DomainError('VALIDATION_FAILED', 'The request is invalid', { fields });
  }

  private isBodyParserError(e: unknown): e is { type: string; status: number } {
    return typeof e === 'object' && e !== null && 'type' in e && 'status' in e;
  }

  private fromBodyParserError(e: { type: string; status: number }): DomainError {
    if (e.type === 'entity.too.large') return new DomainError('PAYLOAD_TOO_LARGE');
    if (e.type === 'entity.parse.failed')
      return new DomainError('MALFORMED_JSON', 'The request body is not valid JSON');
    return new DomainError('VALIDATION_FAILED', 'The request body could not be read');
  }
}
