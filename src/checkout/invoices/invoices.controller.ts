import { Controller, Get, Param, ParseUUIDPipe, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../../platform/auth/auth.decorators';
import type { AuthUser } from '../../platform/auth/auth-user';
import { ApiPdf } from '../../platform/http/api-content.decorators';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { InvoiceDto } from './dto/invoice.dto';
import { InvoicePdf } from './invoice-pdfs.service';
import { OrderInvoicesService } from './order-invoices.service';

const pdfFile = (pdf: InvoicePdf) =>
  new StreamableFile(pdf.content, {
    type: 'application/pdf',
    disposition: `attachment; filename="${pdf.filename}"`,
  });

@ApiTags('invoices')
@Controller('orders')
export class InvoicesController {
  constructor(private readonly invoices: OrderInvoicesService) {}

  @Get(':id/invoices')
  @Auth()
  @ApiOperation({
    operationId: 'listOrderInvoices',
    summary:
      "The order's invoice and credit notes, oldest first (its buyer, the organisers of its event, admins)",
  })
  @ApiIdParam()
  @ApiOkResponse({ type: [InvoiceDto] })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<InvoiceDto[]> {
    return this.invoices.list(user, id);
  }

  @Get(':id/invoice')
  @Auth()
  @ApiOperation({
    operationId: 'getOrderInvoicePdf',
    summary: "The order's invoice as a PDF (its buyer, the organisers of its event, admins)",
  })
  @ApiIdParam()
  @ApiPdf('The invoice, issued when the order was paid')
  @ApiErrors('INVOICE_NOT_READY')
  async invoice(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<StreamableFile> {
    return pdfFile(await this.invoices.invoicePdf(user, id));
  }

  @Get(':id/credit-notes/:creditNoteId')
  @Auth()
  @ApiOperation({
    operationId: 'getOrderCreditNotePdf',
    summary: 'One credit note of the order as a PDF (its id is listed by GET /orders/{id}/invoices)',
  })
  @ApiIdParam()
  @ApiIdParam('creditNoteId')
  @ApiPdf('The credit note, issued with a refund')
  async creditNote(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('creditNoteId', ParseUUIDPipe) creditNoteId: string,
  ): Promise<StreamableFile> {
    return pdfFile(await this.invoices.creditNotePdf(user, id, creditNoteId));
  }
}
