import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueName } from '../../platform/jobs/queues';
import { InvoiceCounter } from './invoice-counter.entity';
import { InvoicePdfs } from './invoice-pdfs.service';
import { Invoice } from './invoice.entity';
import { InvoicesController } from './invoices.controller';
import { InvoicesService } from './invoices.service';
import { OrderInvoicesService } from './order-invoices.service';

/**
 * Invoices and credit notes: issued in the fulfilment and refund transactions (InvoicesService), drawn as PDFs by
 * the worker (InvoicePdfs, which the email delivery also asks for attachments), read by the order's viewers.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Invoice, InvoiceCounter]),
    BullModule.registerQueue({ name: QueueName.Documents }),
  ],
  controllers: [InvoicesController],
  providers: [InvoicesService, InvoicePdfs, OrderInvoicesService],
  exports: [InvoicesService, InvoicePdfs],
})
export class InvoicesModule {}
