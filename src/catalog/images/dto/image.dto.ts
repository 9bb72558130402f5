import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { ApiInteger, ApiUuid } from '../../../platform/http/api-types';
import { ImageStatus } from '../image-status';
import { IMAGE_CONTENT_TYPES, IMAGE_REFUSALS, MAX_IMAGE_BYTES } from '../image-rules';
import { EventImageVariantDto } from './event-image.dto';

/** What the browser is about to upload. */
export class CreateImageUploadDto {
  @ApiProperty({ enum: IMAGE_CONTENT_TYPES, example: 'image/jpeg' })
  @IsIn(IMAGE_CONTENT_TYPES)
  contentType: string;

  /** The file's size in bytes, at most 10 MB (10485760). */
  @ApiInteger({ minimum: 1, maximum: MAX_IMAGE_BYTES, example: 734003 })
  @IsInt()
  @Min(1)
  @Max(MAX_IMAGE_BYTES)
  size: number;
}

/** Where and how to send the file's bytes: `method` to `url` with exactly `headers`, before `expiresAt`. */
export class PresignedUploadDto {
  @ApiProperty({ example: 'https://storage.example.com/bucket/events/…/original?X-Amz-Signature=…' })
  url: string;
  @ApiProperty({ enum: ['PUT'] })
  method: 'PUT';
  /** Send these headers as they are (the signature covers them). */
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'Content-Type': 'image/jpeg' },
  })
  headers: Record<string, string>;
  expiresAt: Date;
}

export class ImageUploadDto {
  @ApiUuid()
  imageId: string;
  upload: PresignedUploadDto;
}

/** An image of an event as its team manages it, in any status. */
export class ImageDto {
  @ApiUuid()
  id: string;
  @ApiUuid()
  eventId: string;
  @ApiProperty({ enum: ImageStatus, enumName: 'ImageStatus' })
  status: ImageStatus;
  @ApiProperty({ example: 'image/jpeg' })
  contentType: string;
  /** Bytes: as declared while pending, as stored once checked. */
  @ApiInteger()
  size: number;
  @ApiInteger({ nullable: true })
  width: number | null;
  @ApiInteger({ nullable: true })
  height: number | null;
  @ApiInteger()
  position: number;
  /** The original's public URL once ready. */
  url: string | null;
  /** The variants once ready, narrowest first. */
  @ApiProperty({ type: [EventImageVariantDto] })
  variants: EventImageVariantDto[];
  /** Why a failed image was refused (the reasons of `IMAGE_INVALID`). */
  @ApiProperty({ type: String, enum: [...IMAGE_REFUSALS, null], nullable: true })
  failureReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}
