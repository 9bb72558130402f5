import { Type } from '@nestjs/common';
import { ApiOkResponse, ApiProperty } from '@nestjs/swagger';
import { ApiInteger } from './api-types';
import { PageQueryDto } from './page-query.dto';

/** The list shape every list route answers with. */
export interface PageDto<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  hasNext: boolean;
}

export function toPage<T>(items: T[], total: number, query: PageQueryDto): PageDto<T> {
  return {
    items,
    total,
    limit: query.limit,
    offset: query.offset,
    hasNext: query.offset + items.length < total,
  };
}

const pageModels = new Map<Type, Type>();

/** The named schema of a page of `model` (`EventDto` gives `EventPage`), made once per model. */
export function pageModelOf(model: Type): Type {
  const known = pageModels.get(model);
  if (known) return known;
  class Page {}
  Object.defineProperty(Page, 'name', { value: `${model.name.replace(/Dto$/, '')}Page` });
  const property = (name: string, decorator: PropertyDecorator) => decorator(Page.prototype, name);
  property('items', ApiProperty({ type: [model] }));
  property('total', ApiInteger({ example: 42, description: 'How many items match, over every page.' }));
  property('limit', ApiInteger({ example: 20, description: 'The `limit` that was applied.' }));
  property('offset', ApiInteger({ example: 0, description: 'The `offset` that was applied.' }));
  property(
    'hasNext',
    ApiProperty({ type: Boolean, example: true, description: 'Whether a further page exists.' }),
  );
  pageModels.set(model, Page);
  return Page;
}

/** Documents a page of `model` as the 200 response. */
export function ApiPage(model: Type, description = 'A page of results') {
  return ApiOkResponse({ type: pageModelOf(model), description });
}
