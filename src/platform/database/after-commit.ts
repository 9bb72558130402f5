import { Logger } from '@nestjs/common';
import {
  EntityManager,
  EntitySubscriberInterface,
  EventSubscriber,
  QueryRunner,
  TransactionCommitEvent,
} from 'typeorm';
import { TransactionRollbackEvent } from 'typeorm/subscriber/event/TransactionRollbackEvent';

type Hook = () => unknown;
const pending = new WeakMap<QueryRunner, Hook[]>();
const logger = new Logger('AfterCommit');

function run(hooks: Hook[]): void {
  for (const hook of hooks) {
    Promise.resolve()
      .then(hook)
      .catch((err: unknown) => logger.error({ err }, 'after-commit hook failed'));
  }
}

/**
 * Runs `hook` once the transaction `manager` belongs to has committed (at once when there is none), and never
 * when it rolls back. Used to enqueue jobs for rows the transaction wrote; the database sweepers are the
 * guarantee should the process die between the commit and the hook.
 */
export function afterCommit(manager: EntityManager, hook: Hook): void {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    run([hook]);
    return;
  }
  const hooks = pending.get(runner) ?? [];
  hooks.push(hook);
  pending.set(runner, hooks);
}

@EventSubscriber()
export class AfterCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const hooks = pending.get(event.queryRunner);
    pending.delete(event.queryRunner);
    if (hooks) run(hooks);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    pending.delete(event.queryRunner);
  }
}
