import { ApiProperty } from '@nestjs/swagger';
import { ApiInteger, ApiMinorUnits, ApiUuid } from '../../../platform/http/api-types';
import { InvoiceKind } from '../invoice-kind';
import { Invoice } from '../invoice.entity';

/** An issued invoice or credit note (its PDF: `GET /orders/{id}/invoice`, `GET /orders/{id}/credit-notes/{creditNoteId}`). */
export class InvoiceDto {
  @ApiUuid()
  id: string;
  @ApiProperty({ enum: InvoiceKind, enumName: 'InvoiceKind' })
  kind: InvoiceKind;
  /** `ACME-2026-000123`, or `ACME-CN-2026-000004` for a credit note. */
  @ApiProperty({ example: 'ACME-2026-000123' })
  number: string;
  /** A credit note's invoice number; null for an invoice. */
  @ApiProperty({ type: String, nullable: true, example: null })
  creditsInvoice: string | null;
  issuedAt: Date;
  @ApiProperty({ example: 'EUR' })
  currency: string;
  /** The lines without tax. */
  @ApiMinorUnits({ example: 9000 })
  net: number;
  @ApiMinorUnits({ example: 1350 })
  tax: number;
  /** The booking fee (not taxed). */
  @ApiMinorUnits({ example: 203 })
  fees: number;
  /** What was paid (an invoice) or given back (a credit note). */
  @ApiMinorUnits({ example: 10553 })
  total: number;
  /** The tickets a credit note refunds. */
  @ApiProperty({ type: [String], format: 'uuid' })
  ticketIds: string[];
  /** Whether the PDF is drawn already (a download draws it if not). */
  pdfReady: boolean;
  @ApiInteger({ example: 1, description: 'The sequence within its series and year.' })
  sequence: number;

  static from(invoice: Invoice, numbers: Map<string, string>): InvoiceDto {
    return {
      id: invoice.id,
      kind: invoice.kind,
      number: invoice.number,
      creditsInvoice: invoice.invoiceId ? (numbers.get(invoice.invoiceId) ?? null) : null,
      issuedAt: invoice.issuedAt,
      currency: invoice.currency,
      net: invoice.net,
      tax: invoice.tax,
      fees: invoice.fees,
      total: invoice.total,
      ticketIds: invoice.ticketIds,
      pdfReady: invoice.pdfReadyAt !== null,
      sequence: invoice.sequence,
    };
  }
}
