import { DynamicModule, Module } from '@nestjs/common';
import { FilesConfig } from '../config';
import { ChannelAccessClient } from './channel-access.client';
import { ClamdScanner } from './clamd.scanner';
import { FileEventsRelay } from './file-events.relay';
import { FilesController } from './files.controller';
import { FilesRepository } from './files.repository';
import { FilesService } from './files.service';
import { FILES_CONFIG } from './files.tokens';
import { ObjectStorage } from './object-storage';
import { ScanWorker } from './scan.worker';
import { Thumbnailer } from './thumbnailer';

@Module({})
export class FilesModule {
  static register(config: FilesConfig): DynamicModule {
    return {
      module: FilesModule,
      controllers: [FilesController],
      providers: [
        { provide: FILES_CONFIG, useValue: config },
        FilesService,
        FilesRepository,
        ObjectStorage,
        ChannelAccessClient,
        ClamdScanner,
        Thumbnailer,
        ScanWorker,
        FileEventsRelay,
      ],
    };
  }
}
