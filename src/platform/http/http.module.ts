import { Global, Module } from '@nestjs/common';
import { HttpDrain } from './http-drain';
import { StreamLimiter } from './stream-limiter';

/** The per-process state of the HTTP server: its graceful drain and the live streams it holds open. */
@Global()
@Module({ providers: [HttpDrain, StreamLimiter], exports: [HttpDrain, StreamLimiter] })
export class HttpServerModule {}
