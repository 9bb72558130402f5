import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  currentPassword: string;

  /** 12 to 128 characters, not a commonly used password. */
  @ApiProperty({ example: 'a new long passphrase' })
  @IsString()
  @MaxLength(1024)
  newPassword: string;
}
