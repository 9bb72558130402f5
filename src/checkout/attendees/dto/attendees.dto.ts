import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsDefined,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { AnswerValue } from '../../../catalog/questions/answers';
import { MissingAttendeeDetailsDto } from '../../../platform/errors/error-details.dto';
import { ApiInteger, ApiUuid } from '../../../platform/http/api-types';
import { NestedArray } from '../../../platform/http/nested.decorators';

/** An answer's value by its question's type: text, a choice or a date as a string, choices as an array, a box as a boolean. */
const ANSWER_VALUE = {
  oneOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
  example: 'Vegetarian',
};

export class AnswerInputDto {
  @ApiUuid()
  @IsUUID()
  questionId: string;

  /**
   * `text`: a string; `single_choice`: one of the choices; `multiple_choice`: an array of choices; `checkbox`:
   * true or false; `date`: `YYYY-MM-DD`.
   */
  @ApiProperty(ANSWER_VALUE)
  @IsDefined()
  value: unknown;
}

/** What a ticket's holder may change: omitted fields stay as they are; `answers` replaces all the answers. */
export class AttendeeDetailsInputDto {
  @ApiProperty({ example: 'Grace Hopper', required: false })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiProperty({ example: 'grace@example.com', required: false })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiProperty({ type: [AnswerInputDto], required: false })
  @IsOptional()
  @NestedArray(() => AnswerInputDto)
  @ArrayMaxSize(100)
  answers?: AnswerInputDto[];
}

/**
 * One unit of the order: while it is pending, a unit by `tierId` and `unit` (0 to the quantity less one); once
 * paid, a ticket by `ticketId`.
 */
export class AttendeeInputDto extends AttendeeDetailsInputDto {
  @ApiUuid({ required: false })
  @IsOptional()
  @IsUUID()
  ticketId?: string;

  @ApiUuid({ required: false })
  @IsOptional()
  @IsUUID()
  tierId?: string;

  @ApiInteger({ required: false, minimum: 0, maximum: 99, example: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(99)
  unit?: number;
}

export class UpdateAttendeesDto {
  /** The units to change; units not listed stay as they are. */
  @ApiProperty({ type: [AttendeeInputDto] })
  @NestedArray(() => AttendeeInputDto)
  @ArrayMaxSize(200)
  attendees: AttendeeInputDto[];
}

export class AnswerDto {
  @ApiUuid()
  questionId: string;
  @ApiProperty(ANSWER_VALUE)
  value: AnswerValue;
}

export class AttendeeUnitDto {
  @ApiUuid()
  tierId: string;
  /** Which unit of that tier in the order, from 0. */
  @ApiInteger({ example: 0 })
  unit: number;
  /** The unit's ticket once the order is paid. */
  @ApiUuid({ nullable: true })
  ticketId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Grace Hopper' })
  name: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'grace@example.com' })
  email: string | null;
  /** Answers to the event's current questions, in their order. */
  @ApiProperty({ type: [AnswerDto] })
  answers: AnswerDto[];
}

/**
 * The attendee side of an order. While it is pending and `required`, the payment does not start (no
 * `payment.clientSecret`) until `complete`; `PUT /orders/{id}/attendees` gives the details and starts it.
 */
export class OrderAttendeesDto {
  /** Attendee details or answers must be given before payment. */
  required: boolean;
  /** Nothing required is missing. */
  complete: boolean;
  /** What is missing, unit by unit (empty when complete). */
  @ApiProperty({ type: [MissingAttendeeDetailsDto] })
  missing: MissingAttendeeDetailsDto[];
  /** Until when they may change: the hold's expiry while pending, the event's cut-off once paid; null: no more. */
  editableUntil: Date | null;
  /** The order was paid while required details were missing (tickets carry the buyer's name until changed). */
  paidWithMissingDetails: boolean;
  /** Every unit (pending) or every ticket the buyer holds (paid), with what was given. */
  @ApiProperty({ type: [AttendeeUnitDto] })
  units: AttendeeUnitDto[];
}
