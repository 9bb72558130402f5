import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiErrors } from '../http/api-errors.decorator';
import { BEARER_SCHEME, Public } from './auth.decorators';

export const OPTIONAL_USER = 'auth:optionalUser';

/**
 * A public route that also recognises a signed-in caller, so it can show members more (drafts, hidden tiers).
 * Without a token the caller is anonymous (`@CurrentUser()` is undefined). A bad token is still refused with
 * 401, so a client with an expired token learns to refresh instead of silently getting the public view.
 */
export const PublicWithOptionalUser = () =>
  applyDecorators(
    Public({ optionalCredential: BEARER_SCHEME }),
    SetMetadata(OPTIONAL_USER, true),
    ApiErrors('TOKEN_INVALID', 'API_KEY_NOT_ACCEPTED'),
  );
