import { Module } from '@nestjs/common';
import { AdmissionTokens } from './admission-tokens';

/** The admission tokens the waiting room issues and checkout checks. */
@Module({ providers: [AdmissionTokens], exports: [AdmissionTokens] })
export class AdmissionModule {}
