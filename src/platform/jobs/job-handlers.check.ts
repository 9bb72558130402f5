import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { assertEveryJobHandledOnce, HandlesJobs } from './job-handlers';

/** The objects among `instances` that declare the jobs they handle. */
export function findJobHandlers(instances: unknown[]): HandlesJobs[] {
  return instances.filter(
    (i): i is HandlesJobs =>
      typeof i === 'object' && i !== null && Array.isArray((i as Partial<HandlesJobs>).handledJobs),
  );
}

/**
 * Refuses to start a worker in which some job name has no handler (its jobs would pile up unprocessed) or two
 * (which one runs would depend on chance). Runs at module init, before the worker reports itself started.
 */
@Injectable()
export class JobHandlersCheck implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const instances = this.discovery.getProviders().map((wrapper) => wrapper.instance as unknown);
    assertEveryJobHandledOnce(findJobHandlers(instances));
  }
}
