/**
 * The yardstick of `npm run bench:catalog`: a bare NestJS app on Express with one JSON route and nothing else
 * (no middleware, guards, pipes, filters or logger). Run as a child process on `PORT`.
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller()
class HelloController {
  @Get('hello')
  hello(): { hello: string } {
    return { hello: 'world' };
  }
}

@Module({ controllers: [HelloController] })
class HelloModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(HelloModule, { logger: false });
  await app.listen(Number(process.env.PORT ?? 3999), '127.0.0.1');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
