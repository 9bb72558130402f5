import { Injectable } from '@nestjs/common';
import { AccessService } from '../../access/access.service';
import { MemberRole } from '../../access/member-role';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from '../../accounts/api-keys/dto/api-key.dto';
import { ApiKeysService } from '../../accounts/api-keys/api-keys.service';
import type { AuthUser, RequestMeta } from '../../platform/auth/auth-user';
import { PageDto, toPage } from '../../platform/http/page';
import { PageQueryDto } from '../../platform/http/page-query.dto';

/**
 * Who may manage a promoter's API keys: its owners and managers, and admins (staff get 403, strangers 404).
 * The keys themselves (store, audit, credential check) live in accounts/; this is the ownership rule in front.
 */
@Injectable()
export class PromoterApiKeysService {
  constructor(
    private readonly access: AccessService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async create(
    user: AuthUser,
    promoterId: string,
    dto: CreateApiKeyDto,
    meta: RequestMeta,
  ): Promise<CreatedApiKeyDto> {
    await this.access.requireMember(user, promoterId, MemberRole.Manager);
    const { key, token } = await this.apiKeys.create(user, promoterId, dto, meta);
    return { ...ApiKeyDto.from(key), token };
  }

  async list(user: AuthUser, promoterId: string, page: PageQueryDto): Promise<PageDto<ApiKeyDto>> {
    await this.access.requireMember(user, promoterId, MemberRole.Manager);
    const [keys, total] = await this.apiKeys.list(promoterId, page);
    return toPage(keys.map(ApiKeyDto.from), total, page);
  }

  async revoke(user: AuthUser, promoterId: string, keyId: string, meta: RequestMeta): Promise<ApiKeyDto> {
    await this.access.requireMember(user, promoterId, MemberRole.Manager, {
      notFound: { entity: 'ApiKey', id: keyId },
    });
    return ApiKeyDto.from(await this.apiKeys.revoke(user, promoterId, keyId, meta));
  }
}
