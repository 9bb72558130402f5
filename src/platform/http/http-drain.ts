import { BeforeApplicationShutdown, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Server } from 'node:http';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { settledWithin } from '../redis/redis-deadline';

/**
 * The API's graceful stop. First (module destroy, before every other hook) it stops accepting connections and
 * refuses requests that still arrive on kept-alive ones (503, `Connection: close`), and readiness turns 503 so
 * a load balancer moves on. Then (before application shutdown, while the database is still open) it waits up
 * to SHUTDOWN_GRACE_SECONDS for the requests in flight to finish, and cuts whatever is left.
 */
@Injectable()
export class HttpDrain implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(HttpDrain.name);
  private draining = false;
  private closed?: Promise<void>;
  private server?: Server;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  get isDraining(): boolean {
    return this.draining;
  }

  /** Express middleware: while draining, a new request is told to go elsewhere. */
  middleware(): RequestHandler {
    return (_req: Request, _res: Response, next: NextFunction) => {
      if (!this.draining) return next();
      next(
        new DomainError('SERVICE_UNAVAILABLE', 'The server is shutting down; retry', undefined, {
          'Retry-After': '1',
          Connection: 'close',
        }),
      );
    };
  }

  onModuleDestroy(): void {
    this.draining = true;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    this.server = server;
    // Resolves once every connection has ended; closing also drops the idle kept-alive ones at once.
    this.closed = new Promise((resolve) => server.close(() => resolve()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.closed || !this.server) return;
    if (await settledWithin(this.closed, this.config.shutdownGraceSeconds * 1000)) return;
    this.logger.warn(
      { graceSeconds: this.config.shutdownGraceSeconds },
      'requests still running; cutting them',
    );
    this.server.closeAllConnections();
  }
}
