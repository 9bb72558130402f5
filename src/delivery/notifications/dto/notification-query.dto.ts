import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsEnum, IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../platform/http/page-query.dto';
import { NotificationStatus } from '../../../platform/outbox/notification.entity';
import { NotificationTemplate } from '../../../platform/outbox/notification-template';

export class NotificationQueryDto extends PageQueryDto {
  /** Only emails to this address (case-insensitive). */
  @IsOptional()
  @IsEmail()
  to?: string;

  /** Only this template. */
  @ApiPropertyOptional({ enum: Object.values(NotificationTemplate) })
  @IsOptional()
  @IsIn(Object.values(NotificationTemplate))
  template?: NotificationTemplate;

  /** Only emails in this state. */
  @IsOptional()
  @IsEnum(NotificationStatus)
  status?: NotificationStatus;
}
