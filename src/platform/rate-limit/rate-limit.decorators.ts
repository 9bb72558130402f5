import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto';

export const RATE_LIMIT_BUCKET = 'rateLimit:bucket';

/** Which tight limit a route also falls under, on top of the general per-user/per-IP limit. */
export type RateLimitBucket = 'auth' | 'checkout';

function bucket(name: RateLimitBucket, description: string) {
  return applyDecorators(
    SetMetadata(RATE_LIMIT_BUCKET, name),
    ApiTooManyRequestsResponse({ description, type: ErrorResponseDto }),
  );
}

/** Login, register and forgot-password: `RATE_LIMIT_AUTH_PER_MINUTE` per IP. */
export const AuthRateLimit = () =>
  bucket('auth', 'RATE_LIMITED: too many attempts from this address; retry after the Retry-After header');

/** Checkout (`POST /orders`): `RATE_LIMIT_CHECKOUT_PER_MINUTE` per user. */
export const CheckoutRateLimit = () =>
  bucket('checkout', 'RATE_LIMITED: too many checkouts by this user; retry after the Retry-After header');
