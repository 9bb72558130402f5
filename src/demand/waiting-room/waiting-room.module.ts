import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../../catalog/events/events.module';
import { AdmissionModule } from '../admission/admission.module';
import { QueueAdmissionsService } from './queue-admissions.service';
import { QueueEntry } from './queue-entry.entity';
import { QueueIndex } from './queue-index';
import { QueueStreams } from './queue-streams.service';
import { WaitingRoomController } from './waiting-room.controller';
import { WaitingRoomService } from './waiting-room.service';

/**
 * The virtual waiting room: joining and reading one's place (HTTP and SSE), the Redis position index, and the
 * admission tick that meters buyers to live inventory.
 */
@Module({
  imports: [TypeOrmModule.forFeature([QueueEntry]), EventsModule, AdmissionModule],
  controllers: [WaitingRoomController],
  providers: [WaitingRoomService, QueueAdmissionsService, QueueIndex, QueueStreams],
})
export class WaitingRoomModule {}
