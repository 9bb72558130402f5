import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class VerifyEmailDto {
  /** The `token` of the emailed link (`/verify-email?token=…`). */
  @ApiProperty({ example: 'q3Vb1m2b7m0Yq8yXn4jv2c9R1d5wHk3sZp8aLf0tQeE' })
  @IsString()
  @Length(20, 100)
  token: string;
}
