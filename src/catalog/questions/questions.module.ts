import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module';
import { EventQuestion } from './event-question.entity';
import { QuestionsController } from './questions.controller';
import { QuestionsService } from './questions.service';

/** Custom questions asked for each ticket; the checkout reads them with `findEventQuestions`. */
@Module({
  imports: [TypeOrmModule.forFeature([EventQuestion]), EventsModule],
  controllers: [QuestionsController],
  providers: [QuestionsService],
})
export class QuestionsModule {}
