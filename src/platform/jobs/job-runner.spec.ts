import { assertEveryJobHandledOnce } from './job-runner';
import { JobName } from './queues';

const everyJob = Object.values(JobName);

describe('assertEveryJobHandledOnce', () => {
  it('accepts one handler per job name', () => {
    expect(() => assertEveryJobHandledOnce(everyJob)).not.toThrow();
  });

  it('refuses a job name nobody handles', () => {
    expect(() => assertEveryJobHandledOnce(everyJob.slice(1))).toThrow(`${everyJob[0]}: 0 handlers`);
  });

  it('refuses a job name handled twice', () => {
    expect(() => assertEveryJobHandledOnce([...everyJob, JobName.SendNotification])).toThrow(
      `${JobName.SendNotification}: 2 handlers`,
    );
  });
});
