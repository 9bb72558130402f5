import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../platform/auth/auth-user';
import { DomainError } from '../../platform/errors/domain-error';
import { AccessService } from '../../access/access.service';
import { Order } from '../orders/order.entity';
import { InvoiceDto } from './dto/invoice.dto';
import { InvoiceKind } from './invoice-kind';
import { InvoicePdf, InvoicePdfs } from './invoice-pdfs.service';
import { Invoice } from './invoice.entity';

/**
 * Reading an order's invoice and credit notes: its buyer, the owners and managers of its event's promoter, and
 * admins (like the order itself; door staff do not see orders). Anyone else gets 404.
 */
@Injectable()
export class OrderInvoicesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly pdfs: InvoicePdfs,
  ) {}

  async list(user: AuthUser, orderId: string): Promise<InvoiceDto[]> {
    await this.visibleOrder(user, orderId);
    const documents = await this.documentsOf(orderId);
    const numbers = new Map(documents.map((d) => [d.id, d.number]));
    return documents.map((d) => InvoiceDto.from(d, numbers));
  }

  /** The invoice's PDF; 409 INVOICE_NOT_READY while the order is not paid. */
  async invoicePdf(user: AuthUser, orderId: string): Promise<InvoicePdf> {
    const order = await this.visibleOrder(user, orderId);
    const invoice = (await this.documentsOf(orderId)).find((d) => d.kind === InvoiceKind.Invoice);
    if (!invoice) {
      throw new DomainError('INVOICE_NOT_READY', 'This order has no invoice yet: it is issued at payment', {
        status: order.status,
      });
    }
    return this.pdfs.pdfOf(invoice.id);
  }

  /** A credit note's PDF; 404 when the order has no credit note of that id. */
  async creditNotePdf(user: AuthUser, orderId: string, creditNoteId: string): Promise<InvoicePdf> {
    await this.visibleOrder(user, orderId);
    const note = (await this.documentsOf(orderId)).find(
      (d) => d.kind === InvoiceKind.CreditNote && d.id === creditNoteId,
    );
    if (!note) throw DomainError.notFound('CreditNote', creditNoteId);
    return this.pdfs.pdfOf(note.id);
  }

  private documentsOf(orderId: string): Promise<Invoice[]> {
    return this.dataSource.manager.find(Invoice, {
      where: { orderId },
      order: { kind: 'ASC', sequence: 'ASC' },
    });
  }

  private async visibleOrder(user: AuthUser, orderId: string): Promise<Order> {
    const order = await this.dataSource.manager.findOne(Order, { where: { id: orderId } });
    const viewer = order && (await this.access.viewerOf(user, order, { staffSee: false }));
    if (!order || !viewer) throw DomainError.notFound('Order', orderId);
    return order;
  }
}
