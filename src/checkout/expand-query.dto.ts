import { Expandable, ExpandQuery } from './read-query';

/** The query of a single order or ticket read. */
export class ExpandQueryDto {
  @ExpandQuery()
  expand?: Expandable[];
}
