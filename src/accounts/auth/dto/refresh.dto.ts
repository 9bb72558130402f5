import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class RefreshDto {
  /** The refresh token from the last sign-in or refresh. It works once. */
  @ApiProperty({ example: 'q3Vb1m2b7m0Yq8yXn4jv2c9R1d5wHk3sZp8aLf0tQeE' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken: string;
}
