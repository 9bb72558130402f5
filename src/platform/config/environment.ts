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

  /**
   * A streaming replica for the public catalogue and the reports (never for inventory, holds, payments or
   * anything that must read its own writes). Unset: those reads go to DATABASE_URL.
   */
  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false })
  DATABASE_READ_URL?: string;

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

  /** Admins must sign in with a second factor to use admin routes. Unset: required in production only. */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  MFA_REQUIRED_FOR_ADMINS?: boolean;

  /**
   * The key that encrypts TOTP secrets at rest (at least 32 characters). Unset: derived from JWT_SECRET, so
   * rotating JWT_SECRET would then invalidate every authenticator: set it in production.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32)
  MFA_ENCRYPTION_KEY?: string;

  /**
   * Whether paying and applying as a promoter need a verified email. Unset: required in production only, so
   * local runs and tests can buy without opening an email.
   */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  REQUIRE_VERIFIED_EMAIL?: boolean;

  /** The shortest wait between two verification emails to one account. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  EMAIL_VERIFICATION_RESEND_SECONDS = 60;

  /** How long a GDPR export's download link works. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  DATA_EXPORT_TTL_HOURS = 48;

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

  /** Per promoter API key, on every route (instead of the per-user limit). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_API_KEY_PER_MINUTE = 120;

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

  /**
   * The waiting room admits at most the units available plus this many buyers with unused tokens at a time
   * (0: no admitted buyer can find the event sold out, if each buys at least one ticket).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000)
  QUEUE_ADMISSION_MARGIN = 0;

  /** Seconds between waiting-room admission ticks; `admitPerMinute` is spread evenly over them. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  QUEUE_TICK_SECONDS = 2;

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

  /** Where objects (event images, documents) are kept: `local` disk behind the API, or an S3-compatible store. */
  @IsIn(['local', 's3'])
  STORAGE_DRIVER: 'local' | 's3' = 'local';

  /** The local driver's folder (created when missing). Every API and worker instance must see the same one. */
  @IsString()
  @MinLength(1)
  STORAGE_DIR = './var/storage';

  /**
   * The local driver signs its upload and download URLs with this secret (HMAC-SHA256). Unset: a key derived
   * from JWT_SECRET.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32)
  STORAGE_SIGNING_SECRET?: string;

  /** The largest body the local driver's signed upload route reads (a signed URL may allow less). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  STORAGE_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

  /** The S3 API endpoint (MinIO, a local stand-in); unset: AWS for S3_REGION. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  S3_ENDPOINT?: string;

  /**
   * The endpoint browsers reach, when it differs from S3_ENDPOINT (a compose network name): presigned URLs are
   * signed for this host.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  S3_PUBLIC_ENDPOINT?: string;

  @IsString()
  @MinLength(1)
  S3_REGION = 'us-east-1';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_BUCKET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** Path-style URLs (`endpoint/bucket/key`), as MinIO and most stand-ins need. */
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  /** How often (seconds) the database sweepers run. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SWEEP_INTERVAL_SECONDS = 30;

  /** How often (seconds) the worker refreshes the report snapshots: the most the reports' money figures lag. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(86400)
  REPORT_REFRESH_SECONDS = 60;
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
  if (env.STORAGE_SIGNING_SECRET && weak(env.STORAGE_SIGNING_SECRET)) {
    problems.push('STORAGE_SIGNING_SECRET: a default or weak secret is refused in production');
  }
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

/** The s3 driver needs a bucket and a key pair. */
function storageProblems(env: EnvironmentVariables): string[] {
  if (env.STORAGE_DRIVER !== 's3') return [];
  const missing = (['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((n) => !env[n]);
  return missing.length > 0 ? [`${missing.join(', ')}: required with STORAGE_DRIVER=s3`] : [];
}

/** Parses and validates raw variables. Throws one error listing every bad variable. */
export function validateEnvironment(raw: Record<string, string | undefined>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, forbidUnknownValues: false });
  // One line per bad variable, with every rule it breaks and the value it was given.
  const problems = errors.map(
    (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (got ${JSON.stringify(e.value)})`,
  );
  problems.push(...walletProblems(env), ...storageProblems(env));
  if (problems.length === 0 && env.NODE_ENV === 'production') problems.push(...productionProblems(env));
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return env;
}
