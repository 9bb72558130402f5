import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiKeyAccess } from '../../platform/auth/api-key-access.decorator';
import { ApiKeyScope } from '../../platform/auth/api-key-scopes';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import { PublicWithOptionalUser } from '../../platform/auth/optional-user';
import { Role } from '../../platform/auth/roles';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { Idempotent } from '../../platform/idempotency/idempotent.decorator';
import { CreateImageUploadDto, ImageDto, ImageUploadDto } from './dto/image.dto';
import { ImagesService } from './images.service';

@ApiTags('events')
@Controller('events/:id/images')
export class ImagesController {
  constructor(private readonly images: ImagesService) {}

  @Post()
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth(Role.Promoter, Role.Admin)
  @Idempotent()
  @ApiOperation({
    operationId: 'createEventImageUpload',
    summary:
      'Start an image upload (owners, managers, admins): answers a URL to PUT the file to, then complete it',
  })
  @ApiIdParam('id', 'The event')
  @ApiCreatedResponse({ type: ImageUploadDto })
  @ApiErrors('IMAGE_LIMIT_REACHED')
  createUpload(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Body() dto: CreateImageUploadDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<ImageUploadDto> {
    return this.images.createUpload(user, eventId, dto, meta);
  }

  @Post(':imageId/complete')
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth(Role.Promoter, Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    operationId: 'completeEventImageUpload',
    summary:
      'Check an uploaded image (type by its bytes, size, pixel dimensions) and have its variants made; idempotent',
  })
  @ApiIdParam('id', 'The event')
  @ApiIdParam('imageId', 'The image')
  @ApiOkResponse({ type: ImageDto, description: 'Accepted (`processing`), or already `ready`' })
  @ApiErrors('IMAGE_INVALID', 'IMAGE_NOT_UPLOADED')
  complete(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Param('imageId', ParseUUIDPipe) imageId: string,
  ): Promise<ImageDto> {
    return this.images.complete(user, eventId, imageId);
  }

  @Get()
  @ApiKeyAccess(ApiKeyScope.EventsRead)
  @PublicWithOptionalUser()
  @ApiOperation({
    operationId: 'listEventImages',
    summary:
      "The event's images in display order: every status for its team, the ready ones for everyone else",
  })
  @ApiIdParam('id', 'The event')
  @ApiOkResponse({ type: [ImageDto] })
  list(
    @CurrentUser() user: AuthUser | undefined,
    @Param('id', ParseUUIDPipe) eventId: string,
  ): Promise<ImageDto[]> {
    return this.images.list(user, eventId);
  }

  @Delete(':imageId')
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth(Role.Promoter, Role.Admin)
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteEventImage',
    summary: 'Delete an image (owners, managers, admins); its stored files go with it',
  })
  @ApiIdParam('id', 'The event')
  @ApiIdParam('imageId', 'The image')
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Param('imageId', ParseUUIDPipe) imageId: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.images.remove(user, eventId, imageId, meta);
  }
}
