import { StateMachine } from '../../platform/state-machine';

export enum TransferStatus {
  /** Sent; the recipient has not accepted yet. The sender still holds the ticket. */
  Pending = 'pending',
  /** The old code was voided and a new one issued to the recipient. */
  Accepted = 'accepted',
  /** The sender took it back before acceptance. */
  Cancelled = 'cancelled',
}

export const TRANSFER_STATES = new StateMachine<TransferStatus>('ticket transfer', {
  [TransferStatus.Pending]: [TransferStatus.Accepted, TransferStatus.Cancelled],
  [TransferStatus.Accepted]: [],
  [TransferStatus.Cancelled]: [],
});
