import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

/** Logs the two ends of a graceful stop, so an operator can see a worker drained rather than died. */
@Injectable()
export class WorkerLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log({ signal }, 'worker stopping: finishing jobs and sweeps in flight');
  }

  onApplicationShutdown(signal?: string): void {
    this.logger.log({ signal }, 'worker stopped');
  }
}
