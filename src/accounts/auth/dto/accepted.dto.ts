import { ApiProperty } from '@nestjs/swagger';

/** A request taken in, with nothing more to say (it never reveals whether an account exists). */
export class AcceptedDto {
  @ApiProperty({ example: 'If an account exists for this email, a reset link is on its way.' })
  message: string;
}
