import { Idempotent } from '../../platform/idempotency/idempotent.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Delete } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { DevicesService } from './devices.service';
import { DeviceDto, RegisterDeviceDto, RegisteredDeviceDto } from './dto/device.dto';

@ApiTags('check-in')
@Controller()
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Post('events/:id/devices')
  @Auth()
  @Idempotent()
  @ApiOperation({
    operationId: 'registerScannerDevice',
    summary:
      'Register an offline scanner for the event (any member, staff included); its token is shown once',
  })
  @ApiCreatedResponse({ type: RegisteredDeviceDto })
  @ApiIdParam()
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
  @ApiOperation({
    operationId: 'listScannerDevices',
    summary: "The event's scanner devices (tokens are never shown again)",
  })
  @ApiOkResponse({ type: [DeviceDto] })
  @ApiIdParam()
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) eventId: string): Promise<DeviceDto[]> {
    return this.devices.list(user, eventId);
  }

  @Delete('devices/:id')
  @Auth()
  @ApiOperation({
    operationId: 'revokeScannerDevice',
    summary: 'Revoke a scanner device: its token stops working at once',
  })
  @ApiOkResponse({ type: DeviceDto })
  @ApiIdParam()
  revoke(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<DeviceDto> {
    return this.devices.revoke(user, id, meta);
  }
}
