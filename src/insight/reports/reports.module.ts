import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '../../platform/jobs/queues';
import { EventSalesReportService } from './event-sales-report.service';
import { PlatformOverviewService } from './platform-overview.service';
import { ReportSnapshotsService } from './report-snapshots.service';
import { ReportsController } from './reports.controller';

/**
 * Sales reports for promoters and the platform overview for admins, read from SQL views and the materialized
 * snapshots the worker refreshes (ReportSnapshotsService).
 */
@Module({
  imports: [BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name })))],
  controllers: [ReportsController],
  providers: [EventSalesReportService, PlatformOverviewService, ReportSnapshotsService],
})
export class ReportsModule {}
