import { JobName } from './queues';
import { findJobHandlers } from './job-handlers.check';

describe('findJobHandlers', () => {
  it('keeps only the objects that declare handled jobs', () => {
    const processor = { handledJobs: [JobName.SendNotification] };
    const found = findJobHandlers([processor, {}, null, undefined, 'text', { handledJobs: 'nope' }]);
    expect(found).toEqual([processor]);
  });
});
