import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class LogoutDto {
  /** Also revoke this session's refresh token (and every token rotated from the same sign-in). */
  @ApiProperty({ required: false, example: 'q3Vb1m2b7m0Yq8yXn4jv2c9R1d5wHk3sZp8aLf0tQeE' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}
