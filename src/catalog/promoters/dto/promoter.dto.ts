import { ApiProperty } from '@nestjs/swagger';
import { PromoterStatus } from '../promoter-status';
import { Promoter } from '../promoter.entity';
import { ApiUuid } from '../../../platform/http/api-types';

export class PromoterDto {
  @ApiUuid()
  id: string;
  @ApiProperty({ example: 'Moonlight Concerts' })
  name: string;
  @ApiProperty({ example: 'moonlight-concerts' })
  slug: string;
  contactEmail: string;
  description: string | null;
  websiteUrl: string | null;
  /** The applicant, who receives emails about the promoter's status. */
  @ApiUuid()
  ownerUserId: string;
  @ApiProperty({ enum: PromoterStatus, enumName: 'PromoterStatus' })
  status: PromoterStatus;
  /** Why it was last rejected or suspended. */
  statusReason: string | null;
  createdAt: Date;
  updatedAt: Date;

  static from(p: Promoter): PromoterDto {
    return {
      id: p.id,
      name: p.name,
      slug: p.slug,
      contactEmail: p.contactEmail,
      description: p.description,
      websiteUrl: p.websiteUrl,
      ownerUserId: p.ownerUserId,
      status: p.status,
      statusReason: p.statusReason,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
  }
}
