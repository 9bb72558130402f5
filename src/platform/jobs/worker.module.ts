import { Module } from '@nestjs/common';
import { JobRunner } from './job-runner';
import { SweepRunner } from './sweep-runner';
import { WorkerLifecycle } from './worker-lifecycle';

/**
 * What makes a process a worker: the BullMQ workers that run `@OnJob` methods and the timers that run `@Sweep`
 * methods, wherever in the app those are provided. Loaded only for `--role=worker` and `--role=all`.
 */
@Module({
  providers: [JobRunner, SweepRunner, WorkerLifecycle],
  exports: [SweepRunner],
})
export class WorkerModule {}
