import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { AppConfig } from './app-config';
import {
  ConfigValidationError,
  DEV_JWT_SECRET,
  EnvironmentVariables,
  validateEnvironment,
} from './environment';

/** Every variable the config class declares (validation metadata covers optional ones with no default too). */
function declaredVariables(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(EnvironmentVariables, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))].sort();
}

function problemsOf(raw: Record<string, string>): string[] {
  try {
    validateEnvironment(raw);
  } catch (err) {
    if (err instanceof ConfigValidationError) return err.problems;
    throw err;
  }
  return [];
}

const STRONG_PRODUCTION: Record<string, string> = {
  NODE_ENV: 'production',
  JWT_SECRET: 'k8Qz2vN5mW7xR1tY4uB6cE9hJ3pL0sDf',
  STRIPE_SECRET_KEY: 'sk_live_51Abcdefghijklmnopqrstuvwxyz',
  STRIPE_WEBHOOK_SECRET: 'whsec_abcdefghijklmnopqrstuvwxyz012345',
  TICKET_SIGNING_KEYS: 'k1:MC4CAQAwBQYDK2VwBCIEIFk0cHJvZHVjdGlvbi1rZXktbWF0ZXJpYWwtMDAwMA==',
  DATABASE_URL: 'postgres://app:s3cret@db.internal:5432/tickets',
  REDIS_URL: 'redis://cache.internal:6379',
};

describe('environment validation', () => {
  it('loads the local defaults from an empty environment', () => {
    const config = new AppConfig(validateEnvironment({}));
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      database: { url: 'postgres://postgres@127.0.0.1:5432/ticket_vendor', poolSize: 20 },
      redis: { url: 'redis://127.0.0.1:6379' },
      rateLimit: { perMinute: 300, authPerMinute: 10, checkoutPerMinute: 30 },
      http: { corsOrigins: [], bodyLimit: '100kb', metricsToken: undefined },
      payments: { provider: 'test' },
    });
    expect(config.auth.jwtSecret).toBe(DEV_JWT_SECRET);
  });

  it('parses numbers, booleans and lists from strings', () => {
    const config = new AppConfig(
      validateEnvironment({
        PORT: '8080',
        RATE_LIMIT_AUTH_PER_MINUTE: '3',
        ALLOW_TEST_PAYMENTS: 'true',
        CORS_ORIGINS: 'https://shop.example.com, https://promoters.example.com',
      }),
    );
    expect(config.port).toBe(8080);
    expect(config.rateLimit.authPerMinute).toBe(3);
    expect(config.http.corsOrigins).toEqual(['https://shop.example.com', 'https://promoters.example.com']);
  });

  it('reads Redis Cluster seed nodes and a key prefix, and refuses malformed ones', () => {
    const config = new AppConfig(
      validateEnvironment({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-2:7001', REDIS_KEY_PREFIX: 'shop:' }),
    );
    expect(config.redis).toMatchObject({
      clusterNodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'redis-2', port: 7001 },
      ],
      keyPrefix: 'shop:',
    });
    expect(new AppConfig(validateEnvironment({})).redis).toMatchObject({ clusterNodes: [], keyPrefix: '' });
    expect(() => validateEnvironment({ REDIS_CLUSTER_NODES: '10.0.0.1' })).toThrow(/REDIS_CLUSTER_NODES/);
    expect(() => validateEnvironment({ REDIS_KEY_PREFIX: '{tag}' })).toThrow(/REDIS_KEY_PREFIX/);
  });

  it('treats empty optional variables as unset', () => {
    const config = new AppConfig(validateEnvironment({ METRICS_TOKEN: '', STRIPE_SECRET_KEY: '' }));
    expect(config.http.metricsToken).toBeUndefined();
    expect(config.payments.provider).toBe('test');
  });

  it('fails with one readable list naming every bad variable', () => {
    const bad = {
      PORT: 'eighty',
      DATABASE_URL: 'mysql://localhost/db',
      REDIS_URL: 'not a url',
      JWT_SECRET: 'short',
      LOG_LEVEL: 'loud',
      RATE_LIMIT_PER_MINUTE: '0',
      NODE_ENV: 'staging',
    };
    let error: unknown;
    try {
      validateEnvironment(bad);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const { message, problems } = error as ConfigValidationError;
    const named = problems.map((p) => p.split(':')[0]);
    expect(named.sort()).toEqual(Object.keys(bad).sort());
    // One line per bad variable, each naming it and quoting what it was given.
    expect(message).toMatch(/^Invalid configuration:\n {2}- /);
    for (const variable of Object.keys(bad)) expect(message).toContain(`- ${variable}:`);
    expect(message).toContain('"eighty"');
  });

  it('needs a bucket and keys for the s3 storage driver, and derives a local signing key otherwise', () => {
    expect(problemsOf({ STORAGE_DRIVER: 's3', S3_BUCKET: 'b' })).toEqual([
      expect.stringMatching(/^S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: required with STORAGE_DRIVER=s3/),
    ]);
    const s3 = new AppConfig(
      validateEnvironment({
        STORAGE_DRIVER: 's3',
        S3_BUCKET: 'b',
        S3_ACCESS_KEY_ID: 'k',
        S3_SECRET_ACCESS_KEY: 's',
        S3_FORCE_PATH_STYLE: 'true',
      }),
    );
    expect(s3.storage.s3).toMatchObject({ bucket: 'b', region: 'us-east-1', forcePathStyle: true });
    const local = new AppConfig(validateEnvironment({}));
    expect(local.storage).toMatchObject({ driver: 'local', dir: './var/storage', s3: undefined });
    expect(local.storage.signingSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(local.storage.signingSecret).not.toBe(local.auth.jwtSecret);
  });

  describe('in production', () => {
    it('accepts a strong setup', () => {
      const config = new AppConfig(validateEnvironment(STRONG_PRODUCTION));
      expect(config.isProduction).toBe(true);
      expect(config.payments.provider).toBe('stripe');
    });

    it('refuses the default JWT secret', () => {
      const { JWT_SECRET: _, ...rest } = STRONG_PRODUCTION;
      expect(problemsOf(rest)).toEqual([expect.stringMatching(/^JWT_SECRET: a default or weak secret/)]);
    });

    it.each([
      ['a well-known word', 'changeme-changeme-changeme-changeme'],
      ['too few distinct characters', 'abababababababababababababababab'],
      ['the development default with a suffix', `${DEV_JWT_SECRET}-prod`],
    ])('refuses a weak JWT secret: %s', (_, secret) => {
      expect(problemsOf({ ...STRONG_PRODUCTION, JWT_SECRET: secret })).toEqual([
        expect.stringMatching(/^JWT_SECRET:/),
      ]);
    });

    it('refuses the test payment provider unless ALLOW_TEST_PAYMENTS is set', () => {
      const { STRIPE_SECRET_KEY: _, STRIPE_WEBHOOK_SECRET: __, ...withoutStripe } = STRONG_PRODUCTION;
      expect(problemsOf(withoutStripe)).toEqual([expect.stringMatching(/^STRIPE_SECRET_KEY:.*test/)]);
      const allowed = new AppConfig(validateEnvironment({ ...withoutStripe, ALLOW_TEST_PAYMENTS: 'true' }));
      expect(allowed.payments.provider).toBe('test');
    });

    it('requires the webhook secret with Stripe, its own ticket key and a long admin password', () => {
      const { STRIPE_WEBHOOK_SECRET: _, TICKET_SIGNING_KEYS: __, ...rest } = STRONG_PRODUCTION;
      const problems = problemsOf({
        ...rest,
        ADMIN_EMAIL: 'admin@example.com',
        ADMIN_PASSWORD: 'short-pass',
      });
      expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
        'ADMIN_PASSWORD',
        'STRIPE_WEBHOOK_SECRET',
        'TICKET_SIGNING_KEYS',
      ]);
    });

    it('lists every production problem at once', () => {
      expect(problemsOf({ NODE_ENV: 'production' }).map((p) => p.split(':')[0])).toEqual([
        'JWT_SECRET',
        'STRIPE_SECRET_KEY',
        'TICKET_SIGNING_KEYS',
      ]);
    });
  });
});

/** Read by docker-compose.yml itself, not by the app. */
const COMPOSE_ONLY = ['POSTGRES_PASSWORD', 'API_PORT', 'MINIO_PORT'];

describe('.env.example', () => {
  const lines = readFileSync(join(__dirname, '..', '..', '..', '.env.example'), 'utf8').split('\n');
  const documented = lines
    .map((line) => /^#?\s*([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => Boolean(name));

  it('documents every configuration variable exactly once', () => {
    const appVariables = documented.filter((name) => !COMPOSE_ONLY.includes(name));
    expect(appVariables.sort()).toEqual(declaredVariables());
    expect(new Set(documented).size).toBe(documented.length);
  });

  it('documents every variable docker-compose.yml interpolates', () => {
    const compose = readFileSync(join(__dirname, '..', '..', '..', 'docker-compose.yml'), 'utf8');
    const interpolated = [...compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]);
    expect(interpolated.length).toBeGreaterThan(0);
    for (const name of interpolated) expect(documented).toContain(name);
  });

  it('gives each variable a comment', () => {
    for (const line of lines.filter((l) => /^#?\s*[A-Z][A-Z0-9_]*=/.test(l))) {
      expect(line).toMatch(/ # \S/);
    }
  });

  it('holds values the validator accepts', () => {
    const values = Object.fromEntries(
      lines
        .map((line) => /^([A-Z][A-Z0-9_]*)=([^#]*?)\s*(?:#.*)?$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1], m[2]]),
    );
    expect(() => validateEnvironment(values)).not.toThrow();
  });
});

describe('account security defaults', () => {
  const configOf = (raw: Record<string, string>) => new AppConfig(validateEnvironment(raw));

  it('requires two-factor for admins and verified emails in production only, unless told otherwise', () => {
    expect(configOf({}).auth).toMatchObject({ mfaRequiredForAdmins: false, requireVerifiedEmail: false });
    expect(configOf(STRONG_PRODUCTION).auth).toMatchObject({
      mfaRequiredForAdmins: true,
      requireVerifiedEmail: true,
    });
    expect(
      configOf({ ...STRONG_PRODUCTION, MFA_REQUIRED_FOR_ADMINS: 'false', REQUIRE_VERIFIED_EMAIL: 'no' }).auth,
    ).toMatchObject({ mfaRequiredForAdmins: false, requireVerifiedEmail: false });
    expect(configOf({ MFA_REQUIRED_FOR_ADMINS: 'true' }).auth.mfaRequiredForAdmins).toBe(true);
  });

  it('derives a 32-byte TOTP key from MFA_ENCRYPTION_KEY, or from JWT_SECRET when unset, and refuses a short one', () => {
    const fromJwt = configOf({}).auth.mfaEncryptionKey;
    const own = configOf({ MFA_ENCRYPTION_KEY: 'x'.repeat(40) }).auth.mfaEncryptionKey;
    expect(fromJwt).toHaveLength(32);
    expect(own).toHaveLength(32);
    expect(own.equals(fromJwt)).toBe(false);
    expect(problemsOf({ MFA_ENCRYPTION_KEY: 'short' })[0]).toMatch(/^MFA_ENCRYPTION_KEY:/);
  });
});
