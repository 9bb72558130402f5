import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { ApiKeyAccess } from '../../platform/auth/api-key-access.decorator';
import { ApiKeyScope } from '../../platform/auth/api-key-scopes';
import { Auth, CurrentUser, ReqMeta } from '../../platform/auth/auth.decorators';
import { PublicWithOptionalUser } from '../../platform/auth/optional-user';
import { ApiErrors } from '../../platform/http/api-errors.decorator';
import { ApiIdParam } from '../../platform/http/api-params.decorators';
import { Idempotent } from '../../platform/idempotency/idempotent.decorator';
import { CreateQuestionDto, QuestionDto, UpdateQuestionDto } from './dto/question.dto';
import { QuestionsService } from './questions.service';

@ApiTags('questions')
@Controller()
export class QuestionsController {
  constructor(private readonly questions: QuestionsService) {}

  @Post('events/:id/questions')
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth()
  @Idempotent()
  @ApiOperation({
    operationId: 'createQuestion',
    summary:
      'Ask a custom question for each ticket of the event, or of some tiers (owners, managers, admins)',
  })
  @ApiIdParam('id', 'The event')
  @ApiCreatedResponse({ type: QuestionDto })
  @ApiErrors('FORBIDDEN')
  create(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) eventId: string,
    @Body() dto: CreateQuestionDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<QuestionDto> {
    return this.questions.create(user, eventId, dto, meta);
  }

  @Get('events/:id/questions')
  @ApiKeyAccess(ApiKeyScope.EventsRead)
  @PublicWithOptionalUser()
  @ApiOperation({
    operationId: 'listQuestions',
    summary: "The event's questions in display order, for the checkout form (whoever may see the event)",
  })
  @ApiIdParam('id', 'The event')
  @ApiOkResponse({ type: [QuestionDto] })
  list(
    @CurrentUser() user: AuthUser | undefined,
    @Param('id', ParseUUIDPipe) eventId: string,
  ): Promise<QuestionDto[]> {
    return this.questions.list(user, eventId);
  }

  @Patch('questions/:id')
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth()
  @ApiOperation({
    operationId: 'updateQuestion',
    summary: 'Change a question (owners, managers, admins); its type is fixed',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: QuestionDto })
  @ApiErrors('FORBIDDEN')
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateQuestionDto,
    @ReqMeta() meta: RequestMeta,
  ): Promise<QuestionDto> {
    return this.questions.update(user, id, dto, meta);
  }

  @Delete('questions/:id')
  @ApiKeyAccess(ApiKeyScope.EventsWrite)
  @Auth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'deleteQuestion',
    summary: 'Stop asking a question (owners, managers, admins); answers already given are kept',
  })
  @ApiIdParam()
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors('FORBIDDEN')
  remove(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.questions.remove(user, id, meta);
  }
}
