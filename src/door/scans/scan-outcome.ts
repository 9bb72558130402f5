/** What a scan did or why it was refused. Every scan is logged with one. */
export enum ScanOutcome {
  /** Admitted (the earliest scan of a ticket on a list without re-entry, or an entry of an alternation). */
  Entry = 'entry',
  /** Let out (re-entry lists: every second counted scan). */
  Exit = 'exit',
  /** Already admitted by an earlier scan on this list (without re-entry). A conflict for an offline device. */
  Duplicate = 'duplicate',
  Void = 'void',
  NotOnList = 'not_on_list',
  OutsideWindow = 'outside_window',
  UnknownGate = 'unknown_gate',
  ListedForResale = 'listed_for_resale',
  InvalidCode = 'invalid_code',
  WrongEvent = 'wrong_event',
}

/** Outcomes of scans that count in a ticket's entry/exit sequence on a list. */
export const COUNTED_OUTCOMES: readonly ScanOutcome[] = [
  ScanOutcome.Entry,
  ScanOutcome.Exit,
  ScanOutcome.Duplicate,
];
