import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { ApiUuid } from '../../../platform/http/api-types';
import { DataExport, DataExportStatus } from '../data-export.entity';

/** A requested export. The link to download it arrives by email once the worker has built it. */
export class DataExportDto {
  @ApiUuid({ example: '4f8a7d1e-2b3c-4d5e-8f90-0a1b2c3d4e5f' })
  id: string;

  @ApiProperty({ enum: DataExportStatus, enumName: 'DataExportStatus', example: DataExportStatus.Pending })
  status: DataExportStatus;

  createdAt: Date;

  static from(row: DataExport): DataExportDto {
    return { id: row.id, status: row.status, createdAt: row.createdAt };
  }
}

export class DownloadExportQueryDto {
  /** The token of the emailed link. */
  @ApiProperty({ example: 'q3Vb1m2b7m0Yq8yXn4jv2c9R1d5wHk3sZp8aLf0tQeE' })
  @IsString()
  @Length(20, 100)
  token: string;
}
