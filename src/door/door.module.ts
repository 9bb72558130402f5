import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../accounts/auth/auth.module';
import { TicketsModule } from '../checkout/tickets/tickets.module';
import { AttendeesService } from './attendees/attendees.service';
import { CheckInListsController } from './check-in-lists/check-in-lists.controller';
import { CheckInListsService } from './check-in-lists/check-in-lists.service';
import { CheckInList } from './check-in-lists/check-in-list.entity';
import { CheckInService } from './check-in/check-in.service';
import { CheckInState } from './check-in/check-in-state.entity';
import { CheckInsController } from './check-in/check-ins.controller';
import { OnlineCheckInService } from './check-in/online-check-in.service';
import { DeviceAuthGuard } from './devices/device-auth';
import { DevicesController } from './devices/devices.controller';
import { DevicesService } from './devices/devices.service';
import { ScannerController } from './devices/scanner.controller';
import { ScannerDevice } from './devices/scanner-device.entity';
import { CheckInScan } from './scans/check-in-scan.entity';
import { ScanBatchService } from './scans/scan-batch.service';
import { ScanLogService } from './scans/scan-log.service';
import { TicketSyncService } from './sync/ticket-sync.service';
import { TicketTransfer } from './transfers/ticket-transfer.entity';
import { TransfersController } from './transfers/transfers.controller';
import { TransfersService } from './transfers/transfers.service';
import { WalletController } from './wallet/wallet.controller';
import { WalletService } from './wallet/wallet.service';

/**
 * The door: check-in lists, online scans and offline scanners (devices, the sync feed, scan uploads and the scan
 * log), the attendee list, transfers between holders and wallet passes.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([CheckInList, CheckInState, CheckInScan, ScannerDevice, TicketTransfer]),
    TicketsModule,
    AuthModule,
  ],
  controllers: [
    CheckInsController,
    CheckInListsController,
    DevicesController,
    ScannerController,
    TransfersController,
    WalletController,
  ],
  providers: [
    AttendeesService,
    CheckInListsService,
    CheckInService,
    OnlineCheckInService,
    DevicesService,
    DeviceAuthGuard,
    TicketSyncService,
    ScanBatchService,
    ScanLogService,
    TransfersService,
    WalletService,
  ],
})
export class DoorModule {}
