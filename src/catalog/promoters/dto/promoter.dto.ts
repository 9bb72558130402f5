import { ApiProperty } from '@nestjs/swagger';
import { PromoterStatus } from '../promoter-status';
import { Promoter } from '../promoter.entity';
import { invoicePrefixOf } from '../invoice-prefix';
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
  /** The registered name printed on invoices (the public `name` while null). */
  legalName: string | null;
  /** The registered address printed on invoices. */
  legalAddress: string | null;
  /** The tax id printed on invoices. */
  taxId: string | null;
  /** What invoice numbers start with: the chosen prefix, or the one derived from the slug. */
  @ApiProperty({ example: 'MOON' })
  invoicePrefix: string;
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
      legalName: p.legalName,
      legalAddress: p.legalAddress,
      taxId: p.taxId,
      invoicePrefix: invoicePrefixOf(p),
      ownerUserId: p.ownerUserId,
      status: p.status,
      statusReason: p.statusReason,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
  }
}
