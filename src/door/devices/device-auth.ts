import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../../platform/auth/auth.decorators';
import { ApiErrors, ApiSecurityRequirements } from '../../platform/http/api-errors.decorator';
import { AuthDevice, DevicesService } from './devices.service';

/** Marks routes that only a scanner device may call (the route-to-role table reads it). */
export const DEVICE_AUTH = 'auth:device';

type DeviceRequest = Request & { device?: AuthDevice };

/** Authenticates the `Authorization: Bearer tvd_…` device token of a `@DeviceAuth()` route. */
@Injectable()
export class DeviceAuthGuard implements CanActivate {
  constructor(private readonly devices: DevicesService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<DeviceRequest>();
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    req.device = await this.devices.authenticate(scheme === 'Bearer' ? token : undefined);
    return true;
  }
}

/**
 * A route for offline scanner devices, not users: the user guards let it through (`@Public()`), and the device
 * guard demands a live device token instead. The handler checks that the list belongs to the device's event.
 */
export const DeviceAuth = () =>
  applyDecorators(
    Public(),
    SetMetadata(DEVICE_AUTH, true),
    UseGuards(DeviceAuthGuard),
    // After Public(): the document's last word on security is the device token.
    ApiSecurityRequirements([{ device: [] }]),
    ApiErrors('DEVICE_TOKEN_INVALID'),
  );

/** The device the request authenticated as. */
export const CurrentDevice = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthDevice => ctx.switchToHttp().getRequest<DeviceRequest>().device!,
);
