import { StateMachine } from '../../platform/state-machine';

export enum ImageStatus {
  /** An upload URL was handed out; nothing is checked yet. */
  Pending = 'pending',
  /** The upload passed its checks; the worker is making the variants. */
  Processing = 'processing',
  /** Variants made: the image shows on the event. */
  Ready = 'ready',
  /** The upload was refused (`failure_reason`) and its object deleted. */
  Failed = 'failed',
  /** Deleted (or its event was): the worker removes its objects, then the row. */
  Deleting = 'deleting',
}

/**
 * `pending` → `processing` (completion checks passed) or `failed`; `processing` → `ready` (variants made) or
 * `failed` (undecodable); every status but `deleting` → `deleting`.
 */
export const IMAGE_STATES = new StateMachine<ImageStatus>('image', {
  [ImageStatus.Pending]: [ImageStatus.Processing, ImageStatus.Failed, ImageStatus.Deleting],
  [ImageStatus.Processing]: [ImageStatus.Ready, ImageStatus.Failed, ImageStatus.Deleting],
  [ImageStatus.Ready]: [ImageStatus.Deleting],
  [ImageStatus.Failed]: [ImageStatus.Deleting],
  [ImageStatus.Deleting]: [],
});

/** The statuses that count towards an event's image limit. */
export const LIVE_IMAGE_STATUSES: readonly ImageStatus[] = [
  ImageStatus.Pending,
  ImageStatus.Processing,
  ImageStatus.Ready,
];
