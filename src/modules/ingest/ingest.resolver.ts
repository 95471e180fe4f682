import { Args, Mutation, Resolver } from '../../common/graphql/schema.decorators';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { Role } from '../auth/role';
import { CompleteUploadInput, CreateUploadInput, ImportAssetFromUrlInput } from './ingest.inputs';
import { CompleteUploadResult, ImportAssetResult } from './ingest.results';
import { IngestService } from './ingest.service';
import { UploadObject } from './upload.object';
import { UrlImportService } from './url-import.service';

@Resolver()
@RequireRole(Role.CONTRIBUTOR)
export class IngestResolver {
  constructor(private readonly ingest: IngestService, private readonly urlImport: UrlImportService) {}

  @Mutation(() => UploadObject)
  createUpload(@CurrentPrincipal() me: Principal, @Args('input') input: CreateUploadInput): Promise<UploadObject> {
    return this.ingest.createUpload(me, input);
  }

  @Mutation(() => CompleteUploadResult)
  completeUpload(@CurrentPrincipal() me: Principal, @Args('input') input: CompleteUploadInput) {
    return this.ingest.completeUpload(me, input.uploadId, input);
  }

  @Mutation(() => ImportAssetResult)
  importAssetFromUrl(@CurrentPrincipal() me: Principal, @Args('input') input: ImportAssetFromUrlInput) {
    return this.urlImport.importFromUrl(me, input);
  }
}
