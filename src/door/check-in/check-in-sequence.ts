import { ScanOutcome } from '../scans/scan-outcome';

/** A counted scan of one ticket on one list. */
export interface CountedScan {
  id: string;
  scannedAt: Date;
  /** Arrival order: breaks ties of equal `scannedAt` in favour of the scan recorded first. */
  position: number;
  userId: string | null;
  deviceId: string | null;
}

export interface Sequence {
  /** The outcome each scan has in the sequence. */
  outcomes: Map<string, ScanOutcome.Entry | ScanOutcome.Exit | ScanOutcome.Duplicate>;
  first: CountedScan;
  last: CountedScan;
  inside: boolean;
}

/**
 * Orders a ticket's counted scans on a list by when they happened (earliest wins, whoever uploads first) and
 * gives each its outcome. Without re-entry the first is the entry and the rest are duplicates; with re-entry
 * they alternate entry and exit. The same scans give the same answer in whatever order they arrived.
 */
export function sequence(scans: CountedScan[], allowReentry: boolean): Sequence {
  if (scans.length === 0) throw new Error('sequence needs at least one scan');
  const ordered = [...scans].sort(
    (a, b) => a.scannedAt.getTime() - b.scannedAt.getTime() || a.position - b.position,
  );
  const outcomes: Sequence['outcomes'] = new Map();
  ordered.forEach((scan, i) => {
    const outcome = !allowReentry
      ? i === 0
        ? ScanOutcome.Entry
        : ScanOutcome.Duplicate
      : i % 2 === 0
        ? ScanOutcome.Entry
        : ScanOutcome.Exit;
    outcomes.set(scan.id, outcome);
  });
  return {
    outcomes,
    first: ordered[0],
    last: ordered[ordered.length - 1],
    inside: !allowReentry || ordered.length % 2 === 1,
  };
}
