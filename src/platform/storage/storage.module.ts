import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import { LocalObjectStorage } from './local-object-storage';
import { ObjectStorage } from './object-storage';
import { S3ObjectStorage } from './s3-object-storage';
import { StorageController } from './storage.controller';
import { StorageUrlSigner } from './storage-url-signer';

/** The configured driver (`STORAGE_DRIVER`). */
export function createObjectStorage(config: AppConfig, clock: Clock): ObjectStorage {
  if (config.storage.driver === 's3') {
    // environment.ts refuses STORAGE_DRIVER=s3 without a bucket and keys, so this is set.
    if (!config.storage.s3) throw new Error('STORAGE_DRIVER=s3 needs S3_BUCKET and keys');
    return new S3ObjectStorage(config.storage.s3, clock);
  }
  return new LocalObjectStorage(
    config.storage.dir,
    new StorageUrlSigner(config.storage.signingSecret),
    config.publicUrl,
    clock,
  );
}

/**
 * Object storage for every module: inject `ObjectStorage`. With the local driver the API also serves the signed
 * upload and download URLs (`/storage/objects?token=`).
 */
@Global()
@Module({
  controllers: [StorageController],
  providers: [{ provide: ObjectStorage, useFactory: createObjectStorage, inject: [AppConfig, Clock] }],
  exports: [ObjectStorage],
})
export class StorageModule implements OnApplicationShutdown {
  constructor(private readonly storage: ObjectStorage) {}

  onApplicationShutdown(): void {
    if (this.storage instanceof S3ObjectStorage) this.storage.close();
  }
}
