import { ApiProperty, getSchemaPath } from '@nestjs/swagger';

/** One checked dependency. */
export class HealthIndicatorDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status: string;
  /** How long the check took, in milliseconds (the database ping). */
  @ApiProperty({ type: 'integer', required: false })
  responseTime?: number;
  /** Why it is down. */
  message?: string;
}

/** `@nestjs/terminus`'s answer: the overall status and each dependency (`database`, `redis`). */
export class HealthStatusDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], example: 'ok' })
  status: string;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(HealthIndicatorDto) } })
  info?: Record<string, HealthIndicatorDto>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(HealthIndicatorDto) } })
  error?: Record<string, HealthIndicatorDto>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(HealthIndicatorDto) } })
  details: Record<string, HealthIndicatorDto>;
}
