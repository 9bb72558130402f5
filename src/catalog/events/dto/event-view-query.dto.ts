import { IsOptional, IsString, Length } from 'class-validator';

/** `GET /events/{id}` options. */
export class EventViewQueryDto {
  /**
   * A code of the event (any case): the page then shows what its holder may buy (hidden tiers an access code
   * reveals, presale tiers on sale, prices with a discount) and what the code does. An unknown, deactivated or
   * expired code is 400 CODE_INVALID.
   */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  code?: string;
}
