import { ApiProperty } from '@nestjs/swagger';

/** The one error shape every route answers with. */
export class ErrorResponseDto {
  @ApiProperty({ example: 409 })
  statusCode: number;

  @ApiProperty({ example: 'TIER_SOLD_OUT', description: 'A code from the error-code list in the README.' })
  code: string;

  @ApiProperty({ example: 'The tier has no units left.' })
  message: string;

  @ApiProperty({ required: false, type: Object, additionalProperties: true, example: { tierId: '…' } })
  details?: Record<string, unknown>;

  @ApiProperty({ example: '8d7c1c1e-6f1a-4c55-9d0e-2a7f4f1f0b1c' })
  requestId: string;
}
