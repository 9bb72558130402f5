import { DomainError } from './errors/domain-error';

/**
 * One state machine: which status may follow which. The code paths ask `assert`; the SQL guards that move a
 * status in one conditional update (expiry, claim, lapse, completion) take their `WHERE status = ANY(...)` from
 * `sourcesOf`, so both read the same table.
 */
export class StateMachine<S extends string> {
  constructor(
    /** What the machine's objects are called in errors, e.g. `order`. */
    readonly noun: string,
    readonly transitions: Readonly<Record<S, readonly S[]>>,
  ) {}

  can(from: S, to: S): boolean {
    return this.transitions[from].includes(to);
  }

  /** Throws 409 INVALID_STATE_TRANSITION unless `from` → `to` is a legal move. */
  assert(from: S, to: S): void {
    if (!this.can(from, to)) {
      throw new DomainError('INVALID_STATE_TRANSITION', `A ${from} ${this.noun} cannot become ${to}`, {
        from,
        to,
      });
    }
  }

  /** Every status that may move to `to`: the `WHERE status = ANY($n)` of a conditional update. */
  sourcesOf(to: S): S[] {
    return (Object.keys(this.transitions) as S[]).filter((from) => this.transitions[from].includes(to));
  }
}
