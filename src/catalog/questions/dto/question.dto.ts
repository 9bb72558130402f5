import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ApiInteger, ApiUuid } from '../../../platform/http/api-types';
import { EventQuestion } from '../event-question.entity';
import { QuestionType } from '../question-type';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * A question asked for each ticket. Choice types (`single_choice`, `multiple_choice`) need `choices`; the
 * others take none. `tierIds` limits it to tickets of those tiers of the event (all tiers when empty).
 */
export class CreateQuestionDto {
  @ApiProperty({ example: 'Dietary requirements' })
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  label: string;

  /** Shown under the question. */
  @ApiProperty({
    example: 'We cater for vegetarian, vegan and gluten-free.',
    required: false,
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  helpText?: string | null;

  @ApiProperty({ enum: QuestionType, enumName: 'QuestionType', example: QuestionType.SingleChoice })
  @IsEnum(QuestionType)
  type: QuestionType;

  /** Must be answered (a checkbox: ticked) before the order can be paid (default false). */
  @ApiProperty({ example: true, required: false, default: false })
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  /** Lower first (default 0; ties by creation). */
  @ApiInteger({ example: 1, required: false, default: 0, minimum: 0, maximum: 1000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  position?: number;

  /** The answers to choose from, in display order (choice types only; 1–50, distinct). */
  @ApiProperty({ example: ['None', 'Vegetarian', 'Vegan'], required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  choices?: string[];

  /** Ask it only for tickets of these tiers of the event; empty or absent: every ticket. */
  @ApiUuid({ isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  tierIds?: string[];
}

/** Any subset of a question's fields but its type (answers were given to it as that type). */
export class UpdateQuestionDto extends PartialType(OmitType(CreateQuestionDto, ['type'] as const), {
  skipNullProperties: false,
}) {}

export class QuestionDto {
  @ApiUuid()
  id: string;
  @ApiUuid()
  eventId: string;
  @ApiProperty({ example: 'Dietary requirements' })
  label: string;
  helpText: string | null;
  @ApiProperty({ enum: QuestionType, enumName: 'QuestionType' })
  type: QuestionType;
  required: boolean;
  @ApiInteger()
  position: number;
  @ApiProperty({ example: ['None', 'Vegetarian', 'Vegan'] })
  choices: string[];
  /** Asked only for tickets of these tiers; empty: every ticket. */
  @ApiUuid({ isArray: true })
  tierIds: string[];
  createdAt: Date;
  updatedAt: Date;

  static from(q: EventQuestion, tierIds: string[] = q.tierIds): QuestionDto {
    return {
      id: q.id,
      eventId: q.eventId,
      label: q.label,
      helpText: q.helpText,
      type: q.type,
      required: q.required,
      position: q.position,
      choices: q.choices,
      tierIds,
      createdAt: q.createdAt,
      updatedAt: q.updatedAt,
    };
  }
}
