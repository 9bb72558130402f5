import { ApiProperty } from '@nestjs/swagger';
import { ApiInteger } from '../http/api-types';
import { ERROR_CODES } from './error-codes';
import type { ErrorCode } from './error-codes';

/**
 * The one error shape every route answers with. The OpenAPI document narrows it per code (`TierSoldOutError`, …)
 * with that code's `details`, and lists per operation the codes it can answer.
 */
export class ErrorResponseDto {
  /** The HTTP status, repeated. */
  @ApiInteger({ example: 409 })
  statusCode: number;

  @ApiProperty({ enum: Object.keys(ERROR_CODES), enumName: 'ErrorCode', example: 'TIER_SOLD_OUT' })
  code: ErrorCode;

  @ApiProperty({ example: 'The tier has no units left.' })
  message: string;

  /** More about the refusal; its shape depends on `code`. */
  @ApiProperty({ required: false, type: Object, additionalProperties: true })
  details?: Record<string, unknown>;

  /** The `X-Request-Id` of the request, to find it in the logs. */
  @ApiProperty({ example: '8d7c1c1e-6f1a-4c55-9d0e-2a7f4f1f0b1c' })
  requestId: string;
}
