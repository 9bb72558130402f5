import { Module } from '@nestjs/common';
import { AdmissionModule } from './admission/admission.module';
import { WaitingRoomModule } from './waiting-room/waiting-room.module';

/** Demand: the virtual waiting room and the admission tokens checkout checks. */
@Module({ imports: [WaitingRoomModule, AdmissionModule] })
export class DemandModule {}
