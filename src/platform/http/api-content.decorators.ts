import { applyDecorators, createParamDecorator, ExecutionContext, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import { pageModelOf } from './page';

/** The `Content-Disposition` response header, defined once in the document's components (openapi-document.ts). */
export const CONTENT_DISPOSITION = { $ref: '#/components/headers/Content-Disposition' };

/**
 * `true` when the caller asked for CSV (`Accept: text/csv`). Read through this decorator rather than
 * `@Headers('accept')`, which the document would show as a required `accept` parameter: content negotiation is
 * documented by the 200 response's two media types instead.
 */
export const WantsCsv = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): boolean =>
    ctx.switchToHttp().getRequest<Request>().get('accept')?.includes('text/csv') ?? false,
);

/** 200: a page of `model` as JSON, or with `Accept: text/csv` every matching row (all pages) as a CSV file. */
export function ApiPageOrCsv(model: Type, csv: { columns: string[]; example: string }) {
  const page = pageModelOf(model);
  return applyDecorators(
    ApiExtraModels(page),
    ApiOkResponse({
      description:
        'A page of results as JSON; with `Accept: text/csv`, every matching row (all pages, same filters) as a ' +
        `CSV attachment with the columns ${csv.columns.map((c) => `\`${c}\``).join(', ')}.`,
      headers: { 'Content-Disposition': CONTENT_DISPOSITION },
      content: {
        'application/json': { schema: { $ref: getSchemaPath(page) } },
        'text/csv': { schema: { type: 'string' }, example: csv.example },
      },
    }),
  );
}

/** 200: a PNG image. */
export function ApiPng(description: string) {
  return ApiOkResponse({
    description,
    headers: { 'Content-Disposition': CONTENT_DISPOSITION },
    content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
  });
}

/** 200: a PDF document. */
export function ApiPdf(description: string) {
  return ApiOkResponse({
    description,
    headers: { 'Content-Disposition': CONTENT_DISPOSITION },
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  });
}

/**
 * 200: a `text/event-stream` of `event: <name>` messages whose `data` is the JSON of `payload`. OpenAPI 3.0
 * cannot type the items of a stream, so the payload is a component schema named in `x-sse-events`.
 */
export function ApiEventStream(event: string, payload: Type, description: string, example: object) {
  return applyDecorators(
    ApiExtraModels(payload),
    ApiOkResponse({
      description,
      content: {
        'text/event-stream': {
          schema: { type: 'string' },
          example: `event: ${event}\ndata: ${JSON.stringify(example)}\n\n`,
          'x-sse-events': { [event]: { $ref: getSchemaPath(payload) } },
        } as object,
      },
    }),
  );
}
