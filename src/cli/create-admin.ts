import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { parseArgs } from 'node:util';
import { AuditModule } from '../platform/audit/audit.module';
import { DomainEventsModule } from '../platform/events/domain-events.module';
import { DomainError } from '../platform/errors/domain-error';
import { AppConfig, loadConfig } from '../platform/config/app-config';
import { ConfigModule } from '../platform/config/config.module';
import { ConfigValidationError } from '../platform/config/environment';
import { dataSourceOptions } from '../platform/database/data-source-options';
import { migrate } from '../platform/database/migrate';
import { UsersModule } from '../accounts/users/users.module';
import { UsersService } from '../accounts/users/users.service';

const USAGE = 'Usage: npm run admin:create -- --email <email> --password <password> [--name <name>]';

function readArgs(argv: string[]): { email: string; password: string; name: string } {
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
  });
  if (!values.email || !values.password) throw new Error(USAGE);
  return { email: values.email, password: values.password, name: values.name ?? 'Administrator' };
}

/** Just enough of the app to create a user: config, the database, domain events, audit and the users module. */
function cliModule(config: AppConfig) {
  @Module({
    imports: [
      ConfigModule.forRoot(config),
      TypeOrmModule.forRoot({ ...dataSourceOptions(config), entities: [], autoLoadEntities: true }),
      DomainEventsModule.forRoot({ checkRequiredHandlers: false }),
      AuditModule,
      UsersModule,
    ],
  })
  class CreateAdminCliModule {}
  return CreateAdminCliModule;
}

/** `npm run admin:create`: creates an admin account through the same service method the API boot uses. */
async function main(): Promise<void> {
  const input = readArgs(process.argv.slice(2));
  const config = loadConfig();
  await migrate(config);
  const app = await NestFactory.createApplicationContext(cliModule(config), { logger: ['error', 'warn'] });
  try {
    const admin = await app.get(UsersService).createAdmin(input);
    console.log(`Created admin ${admin.email} (${admin.id})`);
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof DomainError) console.error(`${err.code}: ${err.message}`);
  else if (err instanceof ConfigValidationError) console.error(err.message);
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
