import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in a transaction. When the caller already has one (`manager` is given and is inside a
 * transaction) the work joins it, so service methods compose into one larger transaction.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  manager: EntityManager | undefined,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (manager?.queryRunner?.isTransactionActive) return work(manager);
  return dataSource.transaction(work);
}
