/** What a code does. */
export enum CodeKind {
  /** Takes a percentage or a fixed amount off each ticket of the tiers it names (all tiers when it names none). */
  Discount = 'discount',
  /** Reveals the hidden tiers it names and lets its holder buy them. */
  Access = 'access',
  /** Lets its holder buy the tiers it names (all when it names none) before their sales window opens. */
  Presale = 'presale',
}
