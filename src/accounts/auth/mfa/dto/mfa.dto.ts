import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { ApiInteger } from '../../../../platform/http/api-types';

/** Where the caller's two-factor sign-in stands. */
export class MfaStatusDto {
  /** Sign-in asks for a code. */
  enabled: boolean;

  /** An enrolment was started and waits for its confirming code. */
  pendingEnrolment: boolean;

  /** Unused recovery codes left (0 when two-factor is off). */
  @ApiInteger({ example: 10 })
  recoveryCodesLeft: number;
}

/** A started enrolment: add the secret to an authenticator app, then confirm with a code from it. */
export class MfaEnrolmentDto {
  /** The base32 secret, for typing in by hand. Shown only now. */
  @ApiProperty({ example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' })
  secret: string;

  /** The `otpauth://` URI that authenticator apps read. */
  @ApiProperty({
    example:
      'otpauth://totp/Ticket%20Vendor:ada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Ticket%20Vendor',
  })
  otpauthUri: string;

  /** The URI as a QR code: a PNG data URL, ready for an `<img src>`. */
  @ApiProperty({ example: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA…' })
  qrCode: string;
}

/** Single-use recovery codes, shown once: each signs in (or disables two-factor) in place of a TOTP code. */
export class RecoveryCodesDto {
  @ApiProperty({ type: [String], example: ['k7m2q-x9rtd', 'p3hwn-5c8ke'] })
  recoveryCodes: string[];
}

/** A code from the authenticator app. */
export class TotpCodeDto {
  /** The six digits the authenticator app shows now. */
  @ApiProperty({ example: '492039' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be the six digits the authenticator app shows' })
  code: string;
}

/** A fresh second factor: a TOTP code, or one of the recovery codes. */
export class SecondFactorCodeDto {
  /** Six digits from the authenticator app, or a recovery code (`k7m2q-x9rtd`; case and dash optional). */
  @ApiProperty({ example: '492039' })
  @IsString()
  @Length(6, 20)
  code: string;
}

/** The second step of a sign-in with two-factor on. */
export class VerifyMfaDto extends SecondFactorCodeDto {
  /** The `challenge` that `POST /auth/login` answered. */
  @ApiProperty({ example: 'c2lnbi1pbi1jaGFsbGVuZ2UtZXhhbXBsZS10b2tlbi0xMjM0NTY3ODkw' })
  @IsString()
  @Length(20, 100)
  challenge: string;
}

/** The answer to a correct password when two-factor is on: no session yet, a challenge to complete. */
export class MfaChallengeDto {
  /** Always true: send the challenge and a code to `POST /auth/mfa/verify`. */
  @ApiProperty({ enum: [true], example: true })
  mfaRequired: true;

  /** Single-use; works for `expiresIn` seconds. */
  @ApiProperty({ example: 'c2lnbi1pbi1jaGFsbGVuZ2UtZXhhbXBsZS10b2tlbi0xMjM0NTY3ODkw' })
  challenge: string;

  @ApiInteger({ example: 300 })
  expiresIn: number;
}
