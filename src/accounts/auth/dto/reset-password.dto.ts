import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ResetPasswordDto {
  /** The token from the password-reset email. Single use, valid for an hour. */
  @ApiProperty({ example: 'Zk1wQ3lYc2h2bGZ3b2tqZ2J0a1h6d2V0cG5mY3NrYQ' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token: string;

  /** The new password: 12 to 128 characters, not a commonly used password. */
  @ApiProperty({ example: 'a new long passphrase' })
  @IsString()
  @MaxLength(1024)
  password: string;
}
