import { JobName } from './queues';

/** A processor declares which job names it handles, so the worker can check coverage at startup. */
export interface HandlesJobs {
  readonly handledJobs: readonly JobName[];
}

/** Throws unless every job name has exactly one handler among the given processors. */
export function assertEveryJobHandledOnce(processors: HandlesJobs[]): void {
  const counts = new Map<JobName, number>();
  for (const p of processors) for (const name of p.handledJobs) counts.set(name, (counts.get(name) ?? 0) + 1);
  const problems = Object.values(JobName).flatMap((name) => {
    const n = counts.get(name) ?? 0;
    return n === 1 ? [] : [`${name}: ${n} handlers`];
  });
  if (problems.length > 0) throw new Error(`Every job needs exactly one handler: ${problems.join('; ')}`);
}
