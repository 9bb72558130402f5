import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueName } from '../../platform/jobs/queues';
import { EventsModule } from '../events/events.module';
import { EventImage } from './event-image.entity';
import { ImageProcessingService } from './image-processing.service';
import { ImagesController } from './images.controller';
import { ImagesService } from './images.service';

/**
 * Event images on object storage: presigned uploads, checks on completion, variants made by the worker, and
 * cleanup when an image or its event is deleted. The events' responses read them through EventImageViews.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([EventImage]),
    BullModule.registerQueue({ name: QueueName.Images }),
    EventsModule,
  ],
  controllers: [ImagesController],
  providers: [ImagesService, ImageProcessingService],
})
export class ImagesModule {}
