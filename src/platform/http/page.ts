import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { PageQueryDto } from './page-query.dto';

/** The list shape every list route answers with. */
export class PageDto<T> {
  items: T[];
  @ApiProperty({ example: 42 }) total: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
  @ApiProperty({ example: true }) hasNext: boolean;
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

/** Documents a `PageDto` of `model` as the 200 response. */
export function ApiPageResponse(model: Type<unknown>, description = 'A page of results') {
  return applyDecorators(
    ApiExtraModels(PageDto, model),
    ApiOkResponse({
      description,
      schema: {
        allOf: [
          { $ref: getSchemaPath(PageDto) },
          { properties: { items: { type: 'array', items: { $ref: getSchemaPath(model) } } } },
        ],
      },
    }),
  );
}
