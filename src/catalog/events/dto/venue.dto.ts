import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO31661Alpha2, IsString, Length } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class VenueDto {
  @ApiProperty({ example: 'Tempodrom' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'Möckernstraße 10, 10963 Berlin' })
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  address: string;

  @ApiProperty({ example: 'Berlin' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  city: string;

  /** ISO 3166-1 alpha-2 country code, upper case. */
  @ApiProperty({ example: 'DE' })
  @IsISO31661Alpha2()
  @Length(2, 2)
  country: string;
}
