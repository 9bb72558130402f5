import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DomainError } from '../../platform/errors/domain-error';
import { AppConfig } from '../../platform/config/app-config';
import { AccessTokenClaims, JWT_AUDIENCE, JWT_ISSUER } from './access-token.service';

/**
 * Verifies the bearer JWT: signature, expiry, issuer and audience, with HS256 only (`alg: none` and every other
 * algorithm are refused). It is deliberately stateless: passport keeps strategies in one process-wide registry,
 * so the checks that need the database and Redis run in JwtAuthGuard, which belongs to its own app instance.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(config: AppConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.auth.jwtSecret,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  validate(claims: Partial<AccessTokenClaims>): AccessTokenClaims {
    const { sub, jti, iat, exp } = claims;
    if (
      typeof sub !== 'string' ||
      typeof jti !== 'string' ||
      typeof iat !== 'number' ||
      typeof exp !== 'number'
    ) {
      throw new DomainError('TOKEN_INVALID', 'The access token is missing claims');
    }
    return claims as AccessTokenClaims;
  }
}
