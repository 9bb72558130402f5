import { IsString, MaxLength } from 'class-validator';

export class StorageTokenQueryDto {
  /** The signed token of a URL the API handed out; never built by a client. */
  @IsString()
  @MaxLength(4096)
  token: string;
}
