import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../platform/auth/roles';
import type { AuthUser } from '../../platform/auth/auth-user';
import { ApiKeyAccess } from '../../platform/auth/api-key-access.decorator';
import { ApiKeyScope } from '../../platform/auth/api-key-scopes';
import { Auth, CurrentUser } from '../../platform/auth/auth.decorators';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { EventSalesReportDto } from './dto/event-sales-report.dto';
import { PlatformOverviewDto } from './dto/platform-overview.dto';
import { EventSalesReportService } from './event-sales-report.service';
import { PlatformOverviewService } from './platform-overview.service';

@ApiTags('reports')
@Controller()
export class ReportsController {
  constructor(
    private readonly sales: EventSalesReportService,
    private readonly platform: PlatformOverviewService,
  ) {}

  @Get('events/:id/reports/sales')
  @ApiKeyAccess(ApiKeyScope.ReportsRead)
  @Auth()
  @ApiOperation({
    operationId: 'getEventSalesReport',
    summary: "An event's sales report (owners and managers of its promoter, admins; staff get 403)",
    description:
      'Read from the SQL views `event_sales_totals`, `event_sales_by_tier` (with `event_waitlist_by_tier`) and ' +
      '`event_sales_by_day`, from the read replica when one is configured. Unit counters (`ticketsSold`, `sold`, ' +
      '`held`, `available`), codes and waitlists are live; money, check-ins and `byDay` come from snapshots the ' +
      'worker refreshes every REPORT_REFRESH_SECONDS (60 by default), as of `figuresAsOf`. Money is in minor units of the event currency. `totals` and `byDay` count what ' +
      'paid orders charged, booking fees included; `byTier` counts face value (quantity × unit price). ' +
      '`ticketsSold` and `sold` are units sold and not refunded. `byDay` groups orders by the day they were ' +
      "paid, in the event's timezone.",
  })
  @ApiIdParam('id', 'The event')
  @ApiOkResponse({ type: EventSalesReportDto })
  @ApiErrors('FORBIDDEN')
  eventSales(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
  ): Promise<EventSalesReportDto> {
    return this.sales.report(user, eventId);
  }

  @Get('admin/reports/overview')
  @Auth(Role.Admin)
  @ApiOperation({
    operationId: 'getPlatformOverview',
    summary: 'Platform totals: promoters and events by status, sales of the last 30 days, queue depths',
    description:
      'Read from the SQL views `promoter_status_counts`, `event_status_counts` and `daily_sales` (UTC days; a ' +
      'snapshot the worker refreshes every REPORT_REFRESH_SECONDS, as of `figuresAsOf`), from the read replica when one is ' +
      'configured, plus BullMQ job counts of every queue. `last30Days` covers orders paid today and in the 29 UTC days ' +
      'before, per currency, in minor units with booking fees; `refunded` is what was refunded on those orders.',
  })
  @ApiOkResponse({ type: PlatformOverviewDto })
  overview(): Promise<PlatformOverviewDto> {
    return this.platform.overview();
  }
}
