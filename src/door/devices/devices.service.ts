import { Injectable } from '@nestjs/common';
import { hashToken, newOpaqueToken } from '../../accounts/auth/token-crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../access/access.service';
import { MemberRole } from '../../access/member-role';
import { AuditService } from '../../platform/audit/audit.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { Clock } from '../../platform/clock/clock';
import { DomainError } from '../../platform/errors/domain-error';
import { DeviceDto, RegisterDeviceDto, RegisteredDeviceDto } from './dto/device.dto';
import { ScannerDevice } from './scanner-device.entity';

const TOKEN_PREFIX = 'tvd_';

/** The device a request authenticated as (set by DeviceAuthGuard). */
export interface AuthDevice {
  id: string;
  eventId: string;
  /** The staff member who registered it. */
  createdBy: string;
}

const toDto = (d: ScannerDevice): DeviceDto => ({
  id: d.id,
  eventId: d.eventId,
  name: d.name,
  createdBy: d.createdBy,
  lastSeenAt: d.lastSeenAt,
  revokedAt: d.revokedAt,
  createdAt: d.createdAt,
});

/**
 * Offline scanners. Any member of an event's promoter (door staff included) registers one and gets its token
 * once; the token is a second kind of credential, scoped to that event's check-in lists, kept only as a SHA-256
 * hash (it is 32 random bytes, so a fast hash is enough), and dead once the device is revoked.
 */
@Injectable()
export class DevicesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async register(
    user: AuthUser,
    eventId: string,
    dto: RegisterDeviceDto,
    meta: RequestMeta,
  ): Promise<RegisteredDeviceDto> {
    await this.access.requireEventRole(user, eventId, MemberRole.Staff);
    const token = `${TOKEN_PREFIX}${newOpaqueToken()}`;
    return this.dataSource.transaction(async (manager) => {
      const device = await manager.save(
        manager.create(ScannerDevice, {
          eventId,
          name: dto.name,
          tokenHash: hashToken(token),
          createdBy: user.id,
          lastSeenAt: null,
          revokedAt: null,
        }),
      );
      await this.record(manager, user, 'device.registered', device, meta);
      return { ...toDto(device), token };
    });
  }

  async list(user: AuthUser, eventId: string): Promise<DeviceDto[]> {
    await this.access.requireEventRole(user, eventId, MemberRole.Staff);
    const devices = await this.dataSource.manager.find(ScannerDevice, {
      where: { eventId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return devices.map(toDto);
  }

  /** Revokes a device at once: its token stops working on the next request. */
  async revoke(user: AuthUser, deviceId: string, meta: RequestMeta): Promise<DeviceDto> {
    const device = await this.dataSource.manager.findOne(ScannerDevice, { where: { id: deviceId } });
    if (!device) throw DomainError.notFound('Device', deviceId);
    await this.access.requireEventRole(user, device.eventId, MemberRole.Staff, {
      notFound: { entity: 'Device', id: deviceId },
    });
    return this.dataSource.transaction(async (manager) => {
      if (!device.revokedAt) {
        device.revokedAt = this.clock.now();
        await manager.update(ScannerDevice, { id: device.id }, { revokedAt: device.revokedAt });
        await this.record(manager, user, 'device.revoked', device, meta);
      }
      return toDto(device);
    });
  }

  /** The live device a token belongs to (its event not deleted), noting when it was last seen; else 401. */
  async authenticate(token: string | undefined): Promise<AuthDevice> {
    if (!token?.startsWith(TOKEN_PREFIX) || token.length > 100) throw invalidToken();
    const [rows] = (await this.dataSource.query(
      `UPDATE scanner_devices d SET last_seen_at = $2
         FROM events e
        WHERE d.token_hash = $1 AND d.revoked_at IS NULL AND e.id = d.event_id AND e.deleted_at IS NULL
        RETURNING d.id, d.event_id, d.created_by`,
      [hashToken(token), this.clock.now()],
    )) as [Array<{ id: string; event_id: string; created_by: string }>, number];
    if (!rows[0]) throw invalidToken();
    return { id: rows[0].id, eventId: rows[0].event_id, createdBy: rows[0].created_by };
  }

  private async record(
    manager: EntityManager,
    user: AuthUser,
    action: string,
    device: ScannerDevice,
    meta: RequestMeta,
  ): Promise<void> {
    await this.audit.record(manager, {
      actorId: user.id,
      action,
      entityType: 'scanner_device',
      entityId: device.id,
      meta,
      after: { eventId: device.eventId, name: device.name, revokedAt: device.revokedAt },
    });
  }
}

function invalidToken(): DomainError {
  return new DomainError('DEVICE_TOKEN_INVALID', 'Send a live device token: Authorization: Bearer tvd_…');
}
