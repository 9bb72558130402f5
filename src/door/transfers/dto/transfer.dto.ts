import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { AuthSessionDto } from '../../../accounts/auth/dto/auth-session.dto';
import { TicketDto } from '../../../checkout/tickets/dto/ticket.dto';
import { TransferStatus } from '../transfer-status';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateTransferDto {
  /** Where the accept link goes; the recipient accepts with an account of this email. */
  @ApiProperty({ example: 'charles@example.com' })
  @Transform(trim)
  @IsEmail()
  @MaxLength(320)
  email: string;

  /** The recipient's name: the new ticket's attendee. */
  @ApiProperty({ example: 'Charles Babbage' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
}

export class AcceptTransferDto {
  /** The token from the accept link in the recipient's email. */
  @ApiProperty({ example: 'r2Jc3m1cX8bPq0w0Hk3oQ2x6n1YtV8dS4uLr9aZe5fG' })
  @IsString()
  @Length(20, 100)
  token: string;

  /**
   * Without a signed-in caller: the password of the account to create for the recipient's email (12 to 128
   * characters, not a common password). Ignored when signed in.
   */
  @ApiProperty({ example: 'correct horse battery staple', required: false })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  password?: string;
}

export class TransferDto {
  id: string;
  ticketId: string;
  eventId: string;
  senderId: string;
  @ApiProperty({ example: 'charles@example.com' })
  recipientEmail: string;
  @ApiProperty({ example: 'Charles Babbage' })
  recipientName: string;
  @ApiProperty({ enum: TransferStatus, enumName: 'TransferStatus' })
  status: TransferStatus;
  /** The ticket issued to the recipient, once accepted. */
  newTicketId: string | null;
  createdAt: Date;
  closedAt: Date | null;
}

export class AcceptedTransferDto {
  transfer: TransferDto;
  /** The recipient's new ticket with its new code. */
  ticket: TicketDto;
  /** Set when the accept created the recipient's account: they are signed in. */
  @ApiProperty({ type: AuthSessionDto, nullable: true })
  @ApiProperty({ type: AuthSessionDto, nullable: true })
  session: AuthSessionDto | null;
}
