import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { ArgumentsHost } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { AllExceptionsFilter } from '../../platform/errors/all-exceptions.filter';
import { QUEUE_DASHBOARD_PATH } from './queue-session-cookie';

/** bull-board's router (its page, static files and JSON API) for these queues, with retry and inspect. */
export function bullBoardRouter(queues: Queue[]): RequestHandler {
  const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Ticket Vendor queues' } },
  });
  return serverAdapter.getRouter() as RequestHandler;
}

/**
 * The app's CSP allows only its own styles; bull-board's page also loads its fonts from Google Fonts, so the
 * dashboard (and only the dashboard) allows those two origins. Job data can hold personal data: never cache it.
 */
export function dashboardHeaders(): RequestHandler[] {
  const csp = helmet.contentSecurityPolicy({
    directives: {
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
      'font-src': ["'self'", 'https://fonts.gstatic.com'],
      'img-src': ["'self'", 'data:'],
    },
  });
  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
  return [csp, noStore];
}

/** Runs the dashboard's access check before bull-board sees the request. */
export function dashboardAuth(authenticate: (req: Request) => Promise<unknown>): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    authenticate(req).then(() => next(), next);
  };
}

/**
 * The dashboard is mounted on Express directly (outside Nest's router, so outside the /api/v1 prefix); its
 * refusals still go through the app's one exception filter, so they have the usual error shape.
 */
export function dashboardErrors(): ErrorRequestHandler {
  const filter = new AllExceptionsFilter();
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    filter.catch(err, httpHost(req, res));
  };
}

function httpHost(req: Request, res: Response): ArgumentsHost {
  const args = [req, res];
  const http = { getRequest: () => req, getResponse: () => res, getNext: () => undefined };
  return {
    getArgs: () => args,
    getArgByIndex: (index: number) => args[index],
    switchToHttp: () => http,
    switchToRpc: () => {
      throw new Error('The queue dashboard is HTTP only');
    },
    switchToWs: () => {
      throw new Error('The queue dashboard is HTTP only');
    },
    getType: () => 'http',
  } as ArgumentsHost;
}
