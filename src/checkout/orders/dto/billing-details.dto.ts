import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * Who the invoice is made out to: a person's or a company's name, a postal address and, optionally, a tax id.
 * Given by the buyer with `PUT /orders/{id}/billing-details` before the invoice is issued (at payment).
 */
export class BillingDetailsDto {
  @ApiProperty({ example: 'Analytical Engines Ltd' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  /** Lines separated by newlines. */
  @ApiProperty({ example: '12 St James Square\nLondon SW1Y 4JH\nUnited Kingdom' })
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  address: string;

  @ApiProperty({ type: String, nullable: true, required: false, example: 'GB123456789' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(50)
  taxId?: string | null;
}
