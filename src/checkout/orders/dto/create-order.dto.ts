import { ApiProperty } from '@nestjs/swagger';
import { ApiInteger, ApiUuid } from '../../../platform/http/api-types';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { NestedArray } from '../../../platform/http/nested.decorators';

export class OrderItemInputDto {
  /** The tier to buy; it must belong to the order's event. */
  @ApiUuid({ example: '0b8f0c1e-7d3a-4e52-9a61-4a3c2f1d5e77' })
  @IsUUID()
  tierId: string;

  /** How many tickets of this tier; the tier's min/max per order also apply. */
  @ApiInteger({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(100)
  quantity: number;
}

export class CreateOrderDto {
  @ApiUuid({ example: '7c0e3a52-1f9b-4d2e-8a47-3b5c6d7e8f90' })
  @IsUUID()
  eventId: string;

  /** One entry per tier (a tier may appear once). */
  @ApiProperty({ type: [OrderItemInputDto] })
  @NestedArray(() => OrderItemInputDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique((item: OrderItemInputDto) => item?.tierId, { message: 'each tier may appear only once' })
  items: OrderItemInputDto[];

  /**
   * A code of the event (any case): a discount, an access code for hidden tiers, or a presale code. It must do
   * something for at least one of the items. An order carries one code and uses it once, whatever its quantity.
   */
  @ApiProperty({ example: 'SUMMER25', required: false })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  code?: string;
}
