import { createHmac, hkdfSync } from 'node:crypto';
import { EnvironmentVariables, validateEnvironment } from './environment';

export type PaymentProviderName = 'stripe' | 'test';

/** The typed configuration every module injects. Built once from the validated environment. */
export class AppConfig {
  readonly env: EnvironmentVariables['NODE_ENV'];
  readonly isProduction: boolean;
  readonly port: number;
  readonly publicUrl: string;
  readonly logLevel: string;
  readonly database: { url: string; poolSize: number; readUrl?: string };
  readonly redis: {
    url: string;
    commandTimeoutMs: number;
    /** Redis Cluster seed nodes; empty for one Redis at `url`. */
    clusterNodes: Array<{ host: string; port: number }>;
    keyPrefix: string;
  };
  readonly auth: {
    jwtSecret: string;
    accessTtlSeconds: number;
    refreshTtlDays: number;
    maxFailedLogins: number;
    lockoutMinutes: number;
    revocationPollSeconds: number;
    mfaRequiredForAdmins: boolean;
    /** 32 bytes for AES-256-GCM. */
    mfaEncryptionKey: Buffer;
    requireVerifiedEmail: boolean;
    emailVerificationResendSeconds: number;
  };
  readonly privacy: { exportTtlHours: number };
  readonly http: { corsOrigins: string[]; bodyLimit: string; metricsToken?: string };
  readonly rateLimit: {
    perMinute: number;
    authPerMinute: number;
    checkoutPerMinute: number;
    apiKeyPerMinute: number;
    redisTimeoutMs: number;
  };
  readonly admin: { email?: string; password?: string };
  readonly email: { from: string; sendgridApiKey?: string; sendgridApiUrl?: string };
  readonly payments: {
    provider: PaymentProviderName;
    stripeSecretKey?: string;
    stripeWebhookSecret?: string;
    stripeApi: { host?: string; port?: number; protocol?: 'http' | 'https' };
  };
  readonly inventory: { holdTtlSeconds: number; lockTimeoutMs: number; waitlistOfferTtlSeconds: number };
  readonly orders: { bookingFeeBps: number };
  readonly queue: { admissionMargin: number; tickSeconds: number };
  readonly tickets: { signingKeys?: string };
  readonly sweepIntervalSeconds: number;
  readonly reports: { refreshSeconds: number };
  /** Each wallet is undefined unless fully configured (environment.ts refuses half a configuration). */
  readonly wallet: {
    apple?: {
      passTypeId: string;
      teamId: string;
      signerCert: string;
      signerKey: string;
      signerKeyPassphrase?: string;
      wwdrCert: string;
    };
    google?: { issuerId: string; serviceAccountEmail: string; privateKey: string };
  };
  readonly webhooks: { allowPrivateNetworks: boolean };
  readonly jobLockSeconds: number;
  readonly availability: {
    heartbeatSeconds: number;
    maxStreamsPerUser: number;
    maxStreamsPerAddress: number;
  };
  readonly shutdownGraceSeconds: number;
  readonly storage: {
    driver: 'local' | 's3';
    /** The local driver's folder. */
    dir: string;
    /** The local driver's URL-signing key. */
    signingSecret: string;
    maxUploadBytes: number;
    s3?: {
      endpoint?: string;
      /** Presigned URLs use this endpoint when set. */
      publicEndpoint?: string;
      region: string;
      bucket: string;
      accessKeyId: string;
      secretAccessKey: string;
      forcePathStyle: boolean;
    };
  };

  constructor(env: EnvironmentVariables) {
    this.env = env.NODE_ENV;
    this.isProduction = env.NODE_ENV === 'production';
    this.port = env.PORT;
    this.publicUrl = env.PUBLIC_URL.replace(/\/$/, '');
    this.logLevel = env.LOG_LEVEL;
    this.database = {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      readUrl: env.DATABASE_READ_URL,
    };
    this.redis = {
      url: env.REDIS_URL,
      commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
      clusterNodes: env.REDIS_CLUSTER_NODES.split(',')
        .map((n) => n.trim())
        .filter(Boolean)
        .map((n) => {
          const at = n.lastIndexOf(':');
          return { host: n.slice(0, at), port: Number(n.slice(at + 1)) };
        }),
      keyPrefix: env.REDIS_KEY_PREFIX,
    };
    this.auth = {
      jwtSecret: env.JWT_SECRET,
      accessTtlSeconds: env.JWT_ACCESS_TTL_SECONDS,
      refreshTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
      maxFailedLogins: env.LOGIN_MAX_FAILURES,
      lockoutMinutes: env.LOGIN_LOCKOUT_MINUTES,
      revocationPollSeconds: env.AUTH_REVOCATION_POLL_SECONDS,
      mfaRequiredForAdmins: env.MFA_REQUIRED_FOR_ADMINS ?? this.isProduction,
      mfaEncryptionKey: mfaKey(env),
      requireVerifiedEmail: env.REQUIRE_VERIFIED_EMAIL ?? this.isProduction,
      emailVerificationResendSeconds: env.EMAIL_VERIFICATION_RESEND_SECONDS,
    };
    this.privacy = { exportTtlHours: env.DATA_EXPORT_TTL_HOURS };
    this.http = {
      corsOrigins: env.CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      bodyLimit: env.BODY_LIMIT,
      metricsToken: env.METRICS_TOKEN,
    };
    this.rateLimit = {
      perMinute: env.RATE_LIMIT_PER_MINUTE,
      authPerMinute: env.RATE_LIMIT_AUTH_PER_MINUTE,
      checkoutPerMinute: env.RATE_LIMIT_CHECKOUT_PER_MINUTE,
      apiKeyPerMinute: env.RATE_LIMIT_API_KEY_PER_MINUTE,
      redisTimeoutMs: env.RATE_LIMIT_REDIS_TIMEOUT_MS,
    };
    this.admin = { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD };
    this.email = {
      from: env.EMAIL_FROM,
      sendgridApiKey: env.SENDGRID_API_KEY,
      sendgridApiUrl: env.SENDGRID_API_URL,
    };
    this.payments = {
      provider: env.STRIPE_SECRET_KEY ? 'stripe' : 'test',
      stripeSecretKey: env.STRIPE_SECRET_KEY,
      stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET,
      stripeApi: { host: env.STRIPE_API_HOST, port: env.STRIPE_API_PORT, protocol: env.STRIPE_API_PROTOCOL },
    };
    this.inventory = {
      holdTtlSeconds: env.HOLD_TTL_SECONDS,
      lockTimeoutMs: env.INVENTORY_LOCK_TIMEOUT_MS,
      waitlistOfferTtlSeconds: env.WAITLIST_OFFER_TTL_SECONDS,
    };
    this.orders = { bookingFeeBps: env.BOOKING_FEE_BPS };
    this.queue = { admissionMargin: env.QUEUE_ADMISSION_MARGIN, tickSeconds: env.QUEUE_TICK_SECONDS };
    this.tickets = { signingKeys: env.TICKET_SIGNING_KEYS };
    this.sweepIntervalSeconds = env.SWEEP_INTERVAL_SECONDS;
    this.reports = { refreshSeconds: env.REPORT_REFRESH_SECONDS };
    this.wallet = {
      apple:
        env.APPLE_WALLET_PASS_TYPE_ID &&
        env.APPLE_WALLET_TEAM_ID &&
        env.APPLE_WALLET_SIGNER_CERT &&
        env.APPLE_WALLET_SIGNER_KEY &&
        env.APPLE_WALLET_WWDR_CERT
          ? {
              passTypeId: env.APPLE_WALLET_PASS_TYPE_ID,
              teamId: env.APPLE_WALLET_TEAM_ID,
              signerCert: pem(env.APPLE_WALLET_SIGNER_CERT),
              signerKey: pem(env.APPLE_WALLET_SIGNER_KEY),
              signerKeyPassphrase: env.APPLE_WALLET_SIGNER_KEY_PASSPHRASE,
              wwdrCert: pem(env.APPLE_WALLET_WWDR_CERT),
            }
          : undefined,
      google:
        env.GOOGLE_WALLET_ISSUER_ID &&
        env.GOOGLE_WALLET_SERVICE_ACCOUNT_EMAIL &&
        env.GOOGLE_WALLET_PRIVATE_KEY
          ? {
              issuerId: env.GOOGLE_WALLET_ISSUER_ID,
              serviceAccountEmail: env.GOOGLE_WALLET_SERVICE_ACCOUNT_EMAIL,
              privateKey: pem(env.GOOGLE_WALLET_PRIVATE_KEY),
            }
          : undefined,
    };
    this.webhooks = { allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS };
    this.jobLockSeconds = env.JOB_LOCK_SECONDS;
    this.availability = {
      heartbeatSeconds: env.AVAILABILITY_HEARTBEAT_SECONDS,
      maxStreamsPerUser: env.SSE_MAX_STREAMS_PER_USER,
      maxStreamsPerAddress: env.SSE_MAX_STREAMS_PER_ADDRESS,
    };
    this.shutdownGraceSeconds = env.SHUTDOWN_GRACE_SECONDS;
    this.storage = {
      driver: env.STORAGE_DRIVER,
      dir: env.STORAGE_DIR,
      signingSecret:
        env.STORAGE_SIGNING_SECRET ??
        createHmac('sha256', env.JWT_SECRET).update('object-storage-url-signing').digest('hex'),
      maxUploadBytes: env.STORAGE_MAX_UPLOAD_BYTES,
      s3:
        env.STORAGE_DRIVER === 's3' && env.S3_BUCKET && env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
          ? {
              endpoint: env.S3_ENDPOINT,
              publicEndpoint: env.S3_PUBLIC_ENDPOINT,
              region: env.S3_REGION,
              bucket: env.S3_BUCKET,
              accessKeyId: env.S3_ACCESS_KEY_ID,
              secretAccessKey: env.S3_SECRET_ACCESS_KEY,
              forcePathStyle: env.S3_FORCE_PATH_STYLE,
            }
          : undefined,
    };
  }
}

/** The TOTP-secret key: MFA_ENCRYPTION_KEY, or one derived from JWT_SECRET for this purpose only. */
function mfaKey(env: EnvironmentVariables): Buffer {
  const material = env.MFA_ENCRYPTION_KEY ?? env.JWT_SECRET;
  return Buffer.from(hkdfSync('sha256', material, 'ticket-vendor-api', 'totp-secret-encryption', 32));
}

/** A PEM given as is (with real or `\\n`-escaped line breaks, as env files write them) or base64-encoded. */
function pem(value: string): string {
  const text = value.trim().startsWith('-----BEGIN') ? value : Buffer.from(value, 'base64').toString('utf8');
  return text.replace(/\\n/g, '\n');
}

/** Reads `process.env` (with optional overrides, used by tests) and builds the validated configuration. */
export function loadConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return new AppConfig(validateEnvironment({ ...process.env, ...overrides }));
}
