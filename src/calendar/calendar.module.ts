import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { CalendarExportService } from './calendar-export.service.js';
import { ExternalBlock } from './entities/external-block.entity.js';
import { IcalFeed } from './entities/ical-feed.entity.js';
import { ExternalBlocks } from './external-blocks.reader.js';
import { CalendarExportController } from './http/calendar-export.controller.js';
import { IcalFeedsController } from './http/ical-feeds.controller.js';
import { IcalFeedsRepository } from './ical-feeds.repository.js';
import { IcalFeedsService } from './ical-feeds.service.js';
import { IcalSyncService } from './ical-sync.service.js';
import { IcalSyncStatus } from './ical-sync-status.js';
import { ICAL_METRIC_PROVIDERS } from './ical.metrics.js';

@Module({
  imports: [MikroOrmModule.forFeature([IcalFeed, ExternalBlock])],
  controllers: [IcalFeedsController, CalendarExportController],
  providers: [
    IcalSyncStatus,
    ExternalBlocks,
    IcalFeedsRepository,
    IcalSyncService,
    IcalFeedsService,
    CalendarExportService,
    ...ICAL_METRIC_PROVIDERS,
  ],
  exports: [IcalSyncStatus, ExternalBlocks, IcalSyncService],
})
export class CalendarModule {}
