import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** The DataSource the TypeORM CLI uses (`npm run migration:*`). The app builds its own from the same options. */
export default new DataSource(dataSourceOptions(loadConfig()));
