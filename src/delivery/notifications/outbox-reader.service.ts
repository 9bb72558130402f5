import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { Repository } from 'typeorm';
import { DomainError } from '../../platform/errors/domain-error';
import { Notification } from '../../platform/outbox/notification.entity';
import { NotificationQueryDto } from './dto/notification-query.dto';

/** The outbox as admins read it: what was sent, to whom, and what failed. */
@Injectable()
export class OutboxReaderService {
  constructor(@InjectRepository(Notification) private readonly notifications: Repository<Notification>) {}

  /** Newest first, filtered by recipient, template or status. */
  async list(query: NotificationQueryDto): Promise<[Notification[], number]> {
    const qb = this.notifications
      .createQueryBuilder('n')
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC');
    if (query.to) qb.andWhere('n.recipient = :to', { to: query.to.toLowerCase() });
    if (query.template) qb.andWhere('n.template = :template', { template: query.template });
    if (query.status) qb.andWhere('n.status = :status', { status: query.status });
    return qb.take(query.limit).skip(query.offset).getManyAndCount();
  }

  async get(id: string): Promise<Notification> {
    const row = isUUID(id) ? await this.notifications.findOneBy({ id }) : null;
    if (!row) throw DomainError.notFound('Notification', id);
    return row;
  }
}
