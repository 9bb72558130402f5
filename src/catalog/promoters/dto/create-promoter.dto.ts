import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { INVOICE_PREFIX_PATTERN } from '../invoice-prefix';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreatePromoterDto {
  /** The organisation's public name. */
  @ApiProperty({ example: 'Moonlight Concerts' })
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  name: string;

  /** URL name, unique across promoters. Derived from the name when omitted. */
  @ApiProperty({ example: 'moonlight-concerts', required: false })
  @IsOptional()
  @IsString()
  @Length(2, 120)
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'slug must be lower-case words joined by hyphens' })
  slug?: string;

  /** Where buyers and the platform reach the organisation. */
  @ApiProperty({ example: 'hello@moonlight.example' })
  @IsEmail()
  @MaxLength(320)
  contactEmail: string;

  @ApiProperty({ example: 'Open-air concerts in the summer.', required: false, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @ApiProperty({ example: 'https://moonlight.example', required: false, nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  websiteUrl?: string | null;

  /** The registered name printed on invoices as the seller; the public `name` stands in while it is null. */
  @ApiProperty({ example: 'Moonlight Concerts GmbH', required: false, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  legalName?: string | null;

  /** The registered address printed on invoices; lines separated by newlines. */
  @ApiProperty({ example: 'Torstraße 1\n10119 Berlin\nGermany', required: false, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 500)
  legalAddress?: string | null;

  /** The VAT or other tax id printed on invoices. */
  @ApiProperty({ example: 'DE123456789', required: false, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 50)
  taxId?: string | null;

  /**
   * What invoice and credit-note numbers start with: 2 to 10 upper-case letters or digits (`ACME` gives
   * `ACME-2026-000123` and `ACME-CN-2026-000004`). Null derives one from the slug. A change applies to documents
   * issued afterwards; the numbering goes on.
   */
  @ApiProperty({ example: 'MOON', required: false, nullable: true, pattern: '^[A-Z0-9]{2,10}$' })
  @IsOptional()
  @IsString()
  @Matches(INVOICE_PREFIX_PATTERN, { message: 'invoicePrefix must be 2 to 10 upper-case letters or digits' })
  invoicePrefix?: string | null;
}
