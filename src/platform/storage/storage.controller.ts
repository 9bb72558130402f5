import { Controller, Get, HttpCode, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { Clock } from '../clock/clock';
import { DomainError } from '../errors/domain-error';
import { ApiErrors } from '../http/api-errors.decorator';
import { StorageTokenQueryDto } from './dto/storage-token-query.dto';
import { LOCAL_STORAGE_OBJECTS, LOCAL_STORAGE_ROUTE, LocalObjectStorage } from './local-object-storage';
import { ObjectStorage } from './object-storage';

/**
 * The types a download is served as; anything else goes out as `application/octet-stream`, so an upload can
 * never become a page (HTML, SVG with script) on the API's own origin.
 */
export const SERVED_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
  'application/octet-stream',
];

const BINARY = { schema: { type: 'string', format: 'binary' } };

/**
 * The local driver's signed URLs: public on purpose, the token's signature is the credential. With the s3
 * driver the URLs point at the store itself and these routes answer 404.
 */
@ApiTags('storage')
@Controller(LOCAL_STORAGE_ROUTE)
export class StorageController {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly clock: Clock,
  ) {}

  @Put(LOCAL_STORAGE_OBJECTS)
  @Public()
  @HttpCode(204)
  @ApiOperation({
    operationId: 'uploadStoredObject',
    summary: 'Upload an object to a signed upload URL (local storage driver)',
  })
  @ApiHeader({ name: 'Content-Type', required: true, description: 'Exactly the type the URL was signed for' })
  @ApiConsumes('application/octet-stream')
  @ApiBody({ description: "The object's bytes", schema: { type: 'string', format: 'binary' } })
  @ApiNoContentResponse({ description: 'Stored' })
  @ApiErrors('STORAGE_SIGNATURE_INVALID', 'STORAGE_URL_EXPIRED', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND')
  async upload(@Query() { token }: StorageTokenQueryDto, @Req() req: Request): Promise<void> {
    const local = this.local(token);
    const grant = local.signer.verify(token, 'put', this.clock.now());
    const contentType = req.get('content-type') ?? '';
    if (contentType !== grant.contentType) {
      throw new DomainError(
        'STORAGE_SIGNATURE_INVALID',
        `This URL takes Content-Type ${grant.contentType}, not ${contentType || 'none'}`,
      );
    }
    // The raw-body parser for this path (http-app.ts) read the bytes, up to STORAGE_MAX_UPLOAD_BYTES.
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (body.length > grant.maxBytes) {
      throw new DomainError('PAYLOAD_TOO_LARGE', `This URL takes at most ${grant.maxBytes} bytes`);
    }
    await local.put(grant.key, body, grant.contentType);
  }

  @Get(LOCAL_STORAGE_OBJECTS)
  @Public()
  @ApiOperation({
    operationId: 'downloadStoredObject',
    summary: 'Read an object from a signed download URL (local storage driver)',
  })
  @ApiOkResponse({
    description: 'The object, with the content type it was stored with',
    content: Object.fromEntries(SERVED_CONTENT_TYPES.map((type) => [type, BINARY])),
  })
  @ApiErrors('STORAGE_SIGNATURE_INVALID', 'STORAGE_URL_EXPIRED', 'NOT_FOUND')
  async download(@Query() { token }: StorageTokenQueryDto, @Res() res: Response): Promise<void> {
    const local = this.local(token);
    const now = this.clock.now();
    const grant = local.signer.verify(token, 'get', now);
    const object = await local.get(grant.key);
    if (!object) throw DomainError.notFound('Object');
    // Cacheable until the URL runs out: the same key's URL stays the same for an hour.
    const maxAge = Math.max(0, Math.min(grant.expires - Math.floor(now.getTime() / 1000), 86_400));
    res.setHeader('Cache-Control', `public, max-age=${maxAge}, immutable`);
    const type = object.contentType.split(';')[0].trim().toLowerCase();
    res.setHeader('Content-Type', SERVED_CONTENT_TYPES.includes(type) ? type : 'application/octet-stream');
    res.setHeader('Content-Length', String(object.body.length));
    res.end(object.body);
  }

  private local(token: string): LocalObjectStorage {
    if (this.storage instanceof LocalObjectStorage) return this.storage;
    throw new DomainError('NOT_FOUND', 'This server keeps objects in S3, not behind the API', { id: token });
  }
}
