import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Delete } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ErrorResponseDto } from '../../platform/errors/error-response.dto';
import { DevicesService } from './devices.service';
import { DeviceDto, RegisterDeviceDto, RegisteredDeviceDto } from './dto/device.dto';

const notFound = ApiNotFoundResponse({
  description: 'NOT_FOUND: no such event or device, or not yours',
  type: ErrorResponseDto,
});

@ApiTags('check-in')
@Controller()
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Post('events/:id/devices')
  @Auth()
  @ApiOperation({
    summary:
      'Register an offline scanner for the event (any member, staff included); its token is shown once',
  })
  @ApiCreatedResponse({ type: RegisteredDeviceDto })
  @notFound
  register(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Body() dto: RegisterDeviceDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<RegisteredDeviceDto> {
    return this.devices.register(user, eventId, dto, meta);
  }

  @Get('events/:id/devices')
  @Auth()
  @ApiOperation({ summary: "The event's scanner devices (tokens are never shown again)" })
  @ApiOkResponse({ type: [DeviceDto] })
  @notFound
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) eventId: string): Promise<DeviceDto[]> {
    return this.devices.list(user, eventId);
  }

  @Delete('devices/:id')
  @Auth()
  @ApiOperation({ summary: 'Revoke a scanner device: its token stops working at once' })
  @ApiOkResponse({ type: DeviceDto })
  @notFound
  revoke(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<DeviceDto> {
    return this.devices.revoke(user, id, meta);
  }
}
