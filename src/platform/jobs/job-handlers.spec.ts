import { assertEveryJobHandledOnce, HandlesJobs } from './job-handlers';
import { JobName } from './queues';

const handler = (...jobs: JobName[]): HandlesJobs => ({ handledJobs: jobs });
const everyJob = Object.values(JobName);

describe('assertEveryJobHandledOnce', () => {
  it('accepts one handler per job name', () => {
    expect(() => assertEveryJobHandledOnce([handler(...everyJob)])).not.toThrow();
  });

  it('refuses a job name nobody handles', () => {
    expect(() => assertEveryJobHandledOnce([])).toThrow(`${JobName.SendNotification}: 0 handlers`);
  });

  it('refuses a job name handled twice', () => {
    expect(() =>
      assertEveryJobHandledOnce([handler(...everyJob), handler(JobName.SendNotification)]),
    ).toThrow(`${JobName.SendNotification}: 2 handlers`);
  });
});
