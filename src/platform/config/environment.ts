import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/** Non-numeric text stays as given, so the boot error can quote it. */
const toInt = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isNaN(n) ? value : n;
};
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes'].includes(String(value).toLowerCase());
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Insecure defaults for a local machine. Production refuses every one of them. */
export const DEV_JWT_SECRET = 'dev-only-jwt-secret-do-not-use-in-production';

/**
 * Every environment variable the service reads, with its rules. `.env.example` documents each one.
 * This file and `app-config.ts` are the only readers of `process.env`.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/ticket_vendor';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 20;

  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /**
   * Redis Cluster seed nodes, `host:port` comma-separated. When set, every Redis user connects to the cluster
   * (REDIS_URL then only lends its user name, password and `rediss:` TLS); when empty, to the one REDIS_URL.
   */
  @IsOptional()
  @Matches(/^$|^\s*[^\s:,]+:\d{1,5}\s*(,\s*[^\s:,]+:\d{1,5}\s*)*$/, {
    message: 'REDIS_CLUSTER_NODES must be host:port pairs separated by commas',
  })
  REDIS_CLUSTER_NODES = '';

  /**
   * Put before every Redis key (and BullMQ's prefix), so several deployments or test workers can share one Redis
   * or one cluster. Empty by default.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]{0,40}$/, {
    message: 'REDIS_KEY_PREFIX may hold up to 40 letters, digits and _ . : - (no braces: hash tags are ours)',
  })
  REDIS_KEY_PREFIX = '';

  /** The longest a request waits on one Redis command (or on a queue that cannot reach Redis) before a 503. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(10_000)
  REDIS_COMMAND_TIMEOUT_MS = 2000;

  /** How long a stopping process waits for requests, jobs and sweeps in flight before it closes anyway. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(120)
  SHUTDOWN_GRACE_SECONDS = 10;

  @IsString()
  @MinLength(32)
  JWT_SECRET = DEV_JWT_SECRET;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(3600)
  JWT_ACCESS_TTL_SECONDS = 900;

  /** How often each instance re-reads the revocation record, covering pub/sub messages lost with Redis. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(300)
  AUTH_REVOCATION_POLL_SECONDS = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  LOGIN_LOCKOUT_MINUTES = 15;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH_PER_MINUTE = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_CHECKOUT_PER_MINUTE = 30;

  /** How long a request waits for Redis to count it before the limits are counted in process instead. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(2000)
  RATE_LIMIT_REDIS_TIMEOUT_MS = 250;

  /** Comma-separated origins allowed by CORS. Empty means no cross-origin browser access. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS = '';

  @IsString()
  BODY_LIMIT = '100kb';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsUrl({ require_tld: false })
  PUBLIC_URL = 'http://localhost:3000';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ADMIN_PASSWORD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SENDGRID_API_KEY?: string;

  /** Only for tests and local stand-ins: where the SendGrid client sends its requests. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false })
  SENDGRID_API_URL?: string;

  @IsEmail()
  EMAIL_FROM = 'tickets@example.com';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_SECRET_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_WEBHOOK_SECRET?: string;

  /** Only for tests and local stand-ins: where the Stripe SDK sends its requests. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_API_HOST?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  STRIPE_API_PORT?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['http', 'https'])
  STRIPE_API_PROTOCOL?: 'http' | 'https';

  /** The bench flag: lets a production-mode process use the `test` payment provider. Never set it in a real deployment. */
  @Transform(toBool)
  @IsBoolean()
  ALLOW_TEST_PAYMENTS = false;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  HOLD_TTL_SECONDS = 600;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  WAITLIST_OFFER_TTL_SECONDS = 1800;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(30_000)
  INVENTORY_LOCK_TIMEOUT_MS = 2000;

  /** The booking fee added to each order, in basis points of the subtotal (250 = 2.5%). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(5000)
  BOOKING_FEE_BPS = 0;

  /**
   * Ed25519 private keys that sign ticket codes, as `kid:base64-pkcs8-der` pairs separated by commas.
   * The first key signs; every key verifies (rotation). Empty on a local machine: a key is derived from JWT_SECRET.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TICKET_SIGNING_KEYS?: string;

  /**
   * Apple Wallet: the pass type id and team id of the Pass Type ID certificate, that certificate and its key
   * (PEM, or base64 of the PEM), and Apple's WWDR intermediate certificate. All four or none.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  APPLE_WALLET_PASS_TYPE_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  APPLE_WALLET_TEAM_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  APPLE_WALLET_SIGNER_CERT?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  APPLE_WALLET_SIGNER_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  APPLE_WALLET_SIGNER_KEY_PASSPHRASE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  APPLE_WALLET_WWDR_CERT?: string;

  /** Google Wallet: the issuer id and a service account (email and RSA private key, PEM or base64 of it). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GOOGLE_WALLET_ISSUER_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail()
  GOOGLE_WALLET_SERVICE_ACCOUNT_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GOOGLE_WALLET_PRIVATE_KEY?: string;

  /** How often (seconds) an availability stream sends a heartbeat and re-reads its tiers. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(300)
  AVAILABILITY_HEARTBEAT_SECONDS = 15;

  /**
   * Lets outgoing webhooks reach loopback and private addresses (tests, receivers on the same private network).
   * Link-local and cloud-metadata addresses stay refused either way.
   */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_NETWORKS = false;
  /** Live streams one signed-in user may hold open on one API instance. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  SSE_MAX_STREAMS_PER_USER = 5;

  /** Live streams one client address may hold open on one API instance (a venue's NAT shares one). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  SSE_MAX_STREAMS_PER_ADDRESS = 50;

  /**
   * How long a running job's lock lasts (renewed at half of it) and how often workers look for jobs whose
   * worker died: a crashed worker's jobs run again within about twice this.
   */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(600)
  JOB_LOCK_SECONDS = 30;

  /** How often (seconds) the database sweepers run. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SWEEP_INTERVAL_SECONDS = 30;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

const WEAK_SECRETS = [DEV_JWT_SECRET, 'changeme', 'secret', 'password'];

/** Rules that only production enforces: no default or weak secrets, no test payments. */
function productionProblems(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  const weak = (value: string) =>
    WEAK_SECRETS.some((w) => value.toLowerCase().includes(w)) || new Set(value).size < 10;
  if (weak(env.JWT_SECRET)) problems.push('JWT_SECRET: a default or weak secret is refused in production');
  if (!env.STRIPE_SECRET_KEY && !env.ALLOW_TEST_PAYMENTS) {
    problems.push('STRIPE_SECRET_KEY: production refuses the `test` payment provider; set a Stripe key');
  }
  if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
    problems.push('STRIPE_WEBHOOK_SECRET: required in production when Stripe is used');
  }
  if (!env.TICKET_SIGNING_KEYS)
    problems.push('TICKET_SIGNING_KEYS: production needs its own ticket signing key');
  if (env.ADMIN_PASSWORD && env.ADMIN_PASSWORD.length < 12) {
    problems.push('ADMIN_PASSWORD: must be at least 12 characters');
  }
  return problems;
}

/** A wallet is configured with all of its variables or none: half a configuration would only make broken passes. */
export const WALLET_VARIABLES = {
  apple: [
    'APPLE_WALLET_PASS_TYPE_ID',
    'APPLE_WALLET_TEAM_ID',
    'APPLE_WALLET_SIGNER_CERT',
    'APPLE_WALLET_SIGNER_KEY',
    'APPLE_WALLET_WWDR_CERT',
  ],
  google: ['GOOGLE_WALLET_ISSUER_ID', 'GOOGLE_WALLET_SERVICE_ACCOUNT_EMAIL', 'GOOGLE_WALLET_PRIVATE_KEY'],
} as const satisfies Record<string, ReadonlyArray<keyof EnvironmentVariables>>;

function walletProblems(env: EnvironmentVariables): string[] {
  return Object.values(WALLET_VARIABLES).flatMap((names) => {
    const missing = names.filter((n) => !env[n]);
    return missing.length > 0 && missing.length < names.length
      ? [`${missing.join(', ')}: set every one of ${names.join(', ')}, or none`]
      : [];
  });
}

/** Parses and validates raw variables. Throws one error listing every bad variable. */
export function validateEnvironment(raw: Record<string, string | undefined>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: false });
  // One line per bad variable, with every rule it breaks and the value it was given.
  const problems = errors.map(
    (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (got ${JSON.stringify(e.value)})`,
  );
  problems.push(...walletProblems(env));
  if (problems.length === 0 && env.NODE_ENV === 'production') problems.push(...productionProblems(env));
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return env;
}
