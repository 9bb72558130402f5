import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiErrors } from '../http/api-errors.decorator';

export const RATE_LIMIT_BUCKET = 'rateLimit:bucket';

/** Which tight limit a route also falls under, on top of the general per-user/per-IP limit. */
export type RateLimitBucket = 'auth' | 'checkout';

const bucket = (name: RateLimitBucket) =>
  applyDecorators(SetMetadata(RATE_LIMIT_BUCKET, name), ApiErrors('RATE_LIMITED'));

/** Login, register and forgot-password: `RATE_LIMIT_AUTH_PER_MINUTE` per IP. */
export const AuthRateLimit = () => bucket('auth');

/** Checkout (`POST /orders`): `RATE_LIMIT_CHECKOUT_PER_MINUTE` per user. */
export const CheckoutRateLimit = () => bucket('checkout');
