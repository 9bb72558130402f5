import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { NotificationsWorkerModule } from '../../delivery/notifications/notifications-worker.module';
import { JobHandlersCheck } from './job-handlers.check';
import { WorkerLifecycle } from './worker-lifecycle';

/**
 * The worker's own infrastructure: the startup check that every job has exactly one handler, and email
 * delivery. Other domains add their processors and sweepers as their own modules in WORKER_MODULES; the check
 * finds them wherever they are.
 */
@Module({
  imports: [DiscoveryModule, NotificationsWorkerModule],
  providers: [JobHandlersCheck, WorkerLifecycle],
})
export class WorkerModule {}
