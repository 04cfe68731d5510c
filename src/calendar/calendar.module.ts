import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ExternalBlock } from './entities/external-block.entity.js';
import { IcalFeed } from './entities/ical-feed.entity.js';
import { IcalSyncStatus } from './ical-sync-status.js';
import { ExternalBlocks } from './external-blocks.reader.js';

@Module({
  imports: [MikroOrmModule.forFeature([IcalFeed, ExternalBlock])],
  providers: [IcalSyncStatus, ExternalBlocks],
  exports: [IcalSyncStatus, ExternalBlocks],
})
export class CalendarModule {}
