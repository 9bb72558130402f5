import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterDeviceDto {
  /** A name door staff recognise, e.g. "North gate scanner 2". */
  @ApiProperty({ example: 'North gate scanner 2' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name: string;
}

export class DeviceDto {
  id: string;
  eventId: string;
  @ApiProperty({ example: 'North gate scanner 2' })
  name: string;
  /** The staff member who registered it. */
  createdBy: string;
  lastSeenAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export class RegisteredDeviceDto extends DeviceDto {
  /**
   * The device's bearer token for the sync feed and scan uploads of this event's lists. Shown once: only its
   * hash is kept. Revoke the device (`DELETE /devices/{id}`) if it is lost.
   */
  @ApiProperty({ example: 'tvd_2Jc3m1cX8bPq0w0Hk3oQ2x6n1YtV8dS4uLr9aZe5fGk' })
  token: string;
}
