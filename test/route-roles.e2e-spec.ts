import { RequestMethod, Type } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import { API_PREFIX } from '../src/platform/http/api-prefix';
import { API_KEY_SCOPE } from '../src/platform/auth/api-key-access.decorator';
import { IS_PUBLIC, ROLES } from '../src/platform/auth/auth.decorators';
import { DEVICE_AUTH } from '../src/door/devices/device-auth';
import { createTestApp, TestApp } from './app';

// Nest's route metadata keys (PATH_METADATA, METHOD_METADATA in @nestjs/common/constants).
const PATH = 'path';
const METHOD = 'method';

interface RouteAccess {
  route: string;
  access: string | null;
  /** The scope that lets a promoter's API key call the route, or null when keys are refused. */
  keyScope: string | null;
}

const asList = (value: unknown): string[] =>
  value === undefined ? [''] : Array.isArray(value) ? value.map(String) : [String(value)];

const joinPath = (...parts: string[]) =>
  `/${parts
    .join('/')
    .split('/')
    .filter((p) => p.length > 0)
    .join('/')}`;

/**
 * Who may call a handler: `public`, `device` (a scanner device token), `any` (signed in), the listed roles, or
 * null when nothing says.
 */
function accessOf(controller: Type, handler: object): string | null {
  const read = (key: string) => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
  if (read(DEVICE_AUTH) === true) return 'device';
  if (read(IS_PUBLIC) === true) return 'public';
  const roles = read(ROLES) as string[] | undefined;
  if (roles === undefined) return null;
  return roles.length === 0 ? 'any' : [...roles].sort().join(',');
}

/** Every controller route of the booted app with its access rule and the API key scope it accepts. */
function routeTable(t: TestApp): RouteAccess[] {
  const discovery = new DiscoveryService(t.app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const rows: RouteAccess[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as Type | undefined;
    if (!controller) continue;
    const prototype = controller.prototype as Record<string, object>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      const method = Reflect.getMetadata(METHOD, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      for (const base of asList(Reflect.getMetadata(PATH, controller))) {
        for (const path of asList(Reflect.getMetadata(PATH, handler))) {
          rows.push({
            route: `${RequestMethod[method]} ${joinPath(API_PREFIX, base, path)}`,
            access: accessOf(controller, handler),
            keyScope: (Reflect.getMetadata(API_KEY_SCOPE, handler) as string | undefined) ?? null,
          });
        }
      }
    }
  }
  return rows.sort((a, b) => a.route.localeCompare(b.route));
}

describe('route-to-role table', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ role: 'api' });
  });
  afterAll(() => t.close());

  it('declares @Public() or @Auth(...) on every route', () => {
    const undeclared = routeTable(t).filter((r) => r.access === null);
    expect(undeclared.map((r) => r.route)).toEqual([]);
  });

  it('never lets an API key into an admin route, an account route or a route without roles', () => {
    const keyRoutes = routeTable(t).filter((r) => r.keyScope !== null);
    expect(keyRoutes.length).toBeGreaterThan(0);
    const wrong = keyRoutes.filter(
      (r) =>
        r.route.includes('/admin/') ||
        r.route.includes('/auth/') ||
        r.route.includes('/api-keys') ||
        !['any', 'admin,promoter', 'public'].includes(r.access ?? ''),
    );
    expect(wrong.map((r) => r.route)).toEqual([]);
  });

  it('matches the reviewed snapshot (update with `npm test -- test/route-roles -u`)', () => {
    const table = routeTable(t)
      .map((r) => `${r.route} -> ${r.access}${r.keyScope ? ` | key: ${r.keyScope}` : ''}`)
      .join('\n');
    expect(`\n${table}\n`).toMatchSnapshot();
  });
});
