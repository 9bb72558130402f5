import { SetMetadata } from '@nestjs/common';

export const RATE_LIMIT_BUCKET = 'rateLimit:bucket';

/** Which tight limit a route also falls under, on top of the general per-user/per-IP limit. */
export type RateLimitBucket = 'auth' | 'checkout';

/** Login, register and forgot-password: `RATE_LIMIT_AUTH_PER_MINUTE` per IP. */
export const AuthRateLimit = () => SetMetadata(RATE_LIMIT_BUCKET, 'auth' satisfies RateLimitBucket);

/** Checkout (`POST /orders`): `RATE_LIMIT_CHECKOUT_PER_MINUTE` per user. */
export const CheckoutRateLimit = () => SetMetadata(RATE_LIMIT_BUCKET, 'checkout' satisfies RateLimitBucket);
