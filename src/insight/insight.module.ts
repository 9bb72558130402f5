import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntry } from '../platform/audit/audit-entry.entity';
import { AdminQueuesModule } from './admin-queues/admin-queues.module';
import { AuditLogController } from './audit-log/audit-log.controller';
import { AuditLogService } from './audit-log/audit-log.service';
import { AvailabilityModule } from './availability/availability.module';
import { MetricsModule } from './metrics/metrics.module';
import { ReportsModule } from './reports/reports.module';

/** Insight: reports, live availability, metrics, the queue dashboard and reading the audit log. */
@Module({
  imports: [
    TypeOrmModule.forFeature([AuditEntry]),
    AvailabilityModule,
    ReportsModule,
    MetricsModule,
    AdminQueuesModule,
  ],
  controllers: [AuditLogController],
  providers: [AuditLogService],
  exports: [MetricsModule],
})
export class InsightModule {}
