/**
 * Every error code the API returns, with its HTTP status and meaning. This is the one list: the Swagger document
 * and the README table are generated from it, and `DomainError` only accepts a code from here.
 */
export const ERROR_CODES = {
  // Generic
  VALIDATION_FAILED: {
    status: 400,
    description: 'The request body, query or path failed validation; see details.fields.',
  },
  MALFORMED_JSON: { status: 400, description: 'The request body is not valid JSON.' },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The request body is larger than the configured limit.' },
  UNAUTHENTICATED: { status: 401, description: 'No valid access token was presented.' },
  FORBIDDEN: { status: 403, description: 'The caller is signed in but may not perform this function.' },
  NOT_FOUND: { status: 404, description: 'The object does not exist or is not visible to the caller.' },
  ROUTE_NOT_FOUND: { status: 404, description: 'No route matches this method and path.' },
  CONFLICT: { status: 409, description: 'The request conflicts with the current state of the object.' },
  RATE_LIMITED: { status: 429, description: 'Too many requests; retry after the Retry-After header.' },
  INTERNAL_ERROR: {
    status: 500,
    description: 'An unexpected error. The requestId identifies it in the logs.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    description:
      'A dependency (Redis) is unavailable, or the server is shutting down; retry after Retry-After.',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    description:
      'The database connection failed (terminated, refused or too many clients); retry after Retry-After. ' +
      'A retried POST /orders with the same Idempotency-Key answers the order if the first attempt placed it.',
  },
  TOO_MANY_STREAMS: {
    status: 429,
    description: 'Too many live streams are open for this user or address; close one first.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    description: 'The Idempotency-Key was used before with a different request.',
  },
  IDEMPOTENCY_KEY_IN_FLIGHT: {
    status: 409,
    description: 'A request with this Idempotency-Key is still being processed.',
  },
  INVALID_STATE_TRANSITION: {
    status: 409,
    description: 'The object cannot move from its current status to the requested one.',
  },

  // Auth and users
  INVALID_CREDENTIALS: {
    status: 401,
    description: 'The email or password is wrong, or the account cannot sign in.',
  },
  TOKEN_INVALID: {
    status: 401,
    description: 'The token is malformed, expired, revoked or was signed with another key.',
  },
  REFRESH_TOKEN_REUSED: {
    status: 401,
    description: 'A rotated refresh token was presented again; the session family is revoked.',
  },
  EMAIL_TAKEN: { status: 409, description: 'An account with this email already exists.' },
  WEAK_PASSWORD: {
    status: 400,
    description: 'The password breaks the password policy (length or common-password list).',
  },
  PASSWORD_RESET_INVALID: {
    status: 400,
    description: 'The password-reset token is unknown, used or expired.',
  },
  API_KEY_INVALID: {
    status: 401,
    description: 'The API key is malformed or unknown (or its promoter was deleted).',
  },
  API_KEY_REVOKED: { status: 401, description: 'The API key was revoked; ask the promoter for a new one.' },
  API_KEY_NOT_ACCEPTED: {
    status: 403,
    description: 'This route does not accept API keys (admin, account and team routes never do); sign in.',
  },
  API_KEY_SCOPE_MISSING: {
    status: 403,
    description: "The API key's scopes do not include the one this route needs; see details.requiredScope.",
  },
  API_KEY_LIMIT: { status: 409, description: 'The promoter already has the most active API keys allowed.' },
  CANNOT_MODIFY_SELF: { status: 409, description: 'An admin cannot demote or disable their own account.' },

  // Two-factor sign-in
  MFA_CODE_INVALID: {
    status: 401,
    description:
      'The two-factor code (TOTP or recovery code) is wrong, already used or expired. At sign-in, it counts ' +
      'towards the lockout like a wrong password.',
  },
  MFA_CHALLENGE_INVALID: {
    status: 401,
    description: 'The sign-in challenge is unknown, used or expired: sign in with the password again.',
  },
  MFA_REQUIRED: {
    status: 403,
    description:
      'Admin routes need a sign-in with a second factor here: enrol at POST /auth/mfa/enrol, confirm, and ' +
      'sign in again.',
  },
  MFA_ALREADY_ENABLED: { status: 409, description: 'Two-factor sign-in is already on; disable it first.' },
  MFA_NOT_ENABLED: {
    status: 409,
    description: 'Two-factor sign-in is off, or no enrolment is waiting for its confirming code.',
  },

  // Email verification
  EMAIL_NOT_VERIFIED: {
    status: 403,
    description:
      'Verify the email address first (the link sent at registration, or POST /auth/verify-email/resend).',
  },
  EMAIL_VERIFICATION_INVALID: {
    status: 400,
    description: 'The email-verification token is unknown, used, expired or for a previous address.',
  },
  EMAIL_ALREADY_VERIFIED: { status: 409, description: 'The email address is already verified.' },

  // Privacy (GDPR)
  ERASURE_REFUSED: {
    status: 409,
    description:
      'The account cannot be erased yet; details.reason says why (a ticket for a future event that cannot be ' +
      'refunded automatically, a pending payment, or the last admin).',
  },
  DATA_EXPORT_EXPIRED: {
    status: 410,
    description: 'The export link has expired, or its archive is not built yet; request a new export.',
  },

  // Promoters
  PROMOTER_NOT_APPROVED: {
    status: 403,
    description: 'The promoter is not approved, so it cannot sell or publish.',
  },
  PROMOTER_SLUG_TAKEN: { status: 409, description: 'Another promoter already uses this slug.' },
  ALREADY_A_MEMBER: { status: 409, description: 'The user is already a member of this promoter.' },
  LAST_OWNER: { status: 409, description: 'The last owner of a promoter cannot be removed or demoted.' },

  // Events and tiers
  EVENT_NOT_ON_SALE: {
    status: 409,
    description: 'The event is not published, is cancelled, or its promoter is not approved.',
  },
  EVENT_NOT_PUBLISHABLE: {
    status: 409,
    description: 'The event cannot be published: it needs a tier and a future start.',
  },
  EVENT_HAS_SALES: {
    status: 409,
    description: 'The change is refused because the event already has paid orders.',
  },
  FIELD_FROZEN: { status: 409, description: 'This field cannot change once the event has sales.' },
  CAPACITY_BELOW_COMMITTED: { status: 409, description: 'A tier capacity cannot drop below sold + held.' },
  TIER_HAS_SALES: { status: 409, description: 'A tier with sold or held units cannot be deleted.' },

  // Orders and inventory
  TIER_NOT_ON_SALE: {
    status: 409,
    description: 'The tier is outside its sales window, hidden or belongs to another event.',
  },
  TIER_SOLD_OUT: { status: 409, description: 'The tier has no units left.' },
  INSUFFICIENT_INVENTORY: {
    status: 409,
    description: 'Fewer units are available than requested; see details.available.',
  },
  ORDER_LIMIT_EXCEEDED: {
    status: 409,
    description: 'The quantity is below the tier minimum or above its per-order maximum.',
  },
  BUYER_LIMIT_EXCEEDED: {
    status: 409,
    description: 'Across open holds the buyer would exceed the tier per-order maximum.',
  },
  INVENTORY_BUSY: {
    status: 503,
    description: 'The inventory is under heavy contention; retry after Retry-After.',
  },
  ORDER_NOT_PENDING: { status: 409, description: 'The order is no longer a pending hold.' },
  ORDER_NOT_PAID: { status: 409, description: 'The order is not paid, so it cannot be refunded.' },
  PAYMENT_NOT_COMPLETED: {
    status: 409,
    description: 'The payment provider has not confirmed the payment yet.',
  },
  PAYMENT_PROVIDER_ERROR: { status: 502, description: 'The payment provider failed to answer.' },
  WEBHOOK_SIGNATURE_INVALID: {
    status: 400,
    description: 'The webhook signature is missing, wrong or stale.',
  },
  TICKET_ALREADY_CHECKED_IN: {
    status: 409,
    description:
      'A checked-in ticket cannot be transferred or resold, nor refunded without force (admin only).',
  },

  // Codes (discount, access, presale)
  CODE_INVALID: {
    status: 400,
    description:
      'The code is unknown for this event, deactivated, or outside its validity window; details.reason says which.',
  },
  CODE_EXHAUSTED: {
    status: 409,
    description:
      'The code has no uses left, or the buyer has used it as often as it allows (details.reason).',
  },
  CODE_NOT_APPLICABLE: {
    status: 409,
    description: 'The code applies to none of the ordered tiers.',
  },
  CODE_TAKEN: {
    status: 409,
    description: 'The event already has a code with this text (codes ignore case).',
  },

  // Attendee details and questions
  ATTENDEE_DETAILS_MISSING: {
    status: 409,
    description:
      'Required attendee details or answers are missing, so the order cannot be paid yet; details.missing ' +
      'lists them. Give them with PUT /orders/{id}/attendees.',
  },
  INVOICE_NOT_READY: {
    status: 409,
    description: 'The order has no invoice yet: invoices are issued when it is paid (details.status).',
  },
  BILLING_DETAILS_LOCKED: {
    status: 409,
    description: 'The invoice is issued (or the order closed), so its billing details can no longer change.',
  },
  ATTENDEE_EDITS_CLOSED: {
    status: 409,
    description:
      "Attendee details can no longer change: the event's cut-off has passed (details.editableUntil).",
  },

  // Tickets and check-in
  INVALID_TICKET_CODE: { status: 400, description: 'The ticket code is forged, altered or malformed.' },
  TICKET_WRONG_EVENT: { status: 409, description: 'The ticket belongs to another event.' },
  ALREADY_CHECKED_IN: {
    status: 409,
    description: 'The ticket was already checked in; details say when and by whom.',
  },
  TICKET_VOID: {
    status: 409,
    description: 'The ticket is void (refunded, cancelled, transferred or resold); details give the reason.',
  },
  TICKET_NOT_ON_LIST: {
    status: 409,
    description: "The ticket's tier is not admitted by this check-in list.",
  },
  CHECK_IN_LIST_CLOSED: {
    status: 409,
    description: "The scan is outside the check-in list's time window; details give the window.",
  },
  GATE_NOT_ON_LIST: { status: 409, description: 'The gate is not one of the check-in list gates.' },
  TICKET_LISTED_FOR_RESALE: {
    status: 409,
    description: 'The ticket is offered for resale: it cannot be used or transferred until withdrawn.',
  },
  DEVICE_TOKEN_INVALID: {
    status: 401,
    description: 'The scanner device token is missing, unknown or revoked.',
  },
  INVALID_CURSOR: { status: 400, description: 'The sync cursor is malformed; start again without one.' },

  // Transfers and resale
  TRANSFERS_CLOSED: {
    status: 409,
    description: 'Transfers are switched off for this event, or its transfer cut-off has passed.',
  },
  TRANSFER_PENDING: {
    status: 409,
    description: 'The ticket already has a pending transfer; cancel it first.',
  },
  TRANSFER_NOT_PENDING: {
    status: 409,
    description: 'The transfer was already accepted or cancelled.',
  },
  TRANSFER_TO_SELF: { status: 409, description: 'A ticket cannot be transferred to its own holder.' },
  TRANSFER_WRONG_RECIPIENT: {
    status: 403,
    description: 'The signed-in account is not the recipient the sender named.',
  },
  TRANSFER_SIGN_IN_REQUIRED: {
    status: 401,
    description: "An account with the recipient's email exists: sign in as it to accept.",
  },
  RESALE_CLOSED: {
    status: 409,
    description: 'Resale is switched off for this event, or its cut-off has passed.',
  },
  RESALE_NOT_ALLOWED: {
    status: 409,
    description:
      'Only the buyer who paid for a ticket can resell it (a transferred ticket cannot be resold).',
  },
  RESALE_NOT_ACTIVE: {
    status: 409,
    description: 'The ticket has no active resale listing (never listed, withdrawn or already sold).',
  },
  RESALE_RESERVED: {
    status: 409,
    description:
      'A buyer holds the unit right now, so the listing cannot be withdrawn; retry if their hold ends.',
  },

  // Wallet passes
  WALLET_NOT_CONFIGURED: {
    status: 404,
    description: 'This wallet (Apple or Google) is not configured on this server.',
  },

  // Waiting room
  QUEUE_NOT_ENABLED: {
    status: 409,
    description: 'The event has no waiting room: order directly.',
  },
  QUEUE_NOT_OPEN: {
    status: 409,
    description: "The event's waiting room has not opened yet; details.opensAt says when it does.",
  },
  QUEUE_ADMISSION_REQUIRED: {
    status: 403,
    description:
      'The event has a waiting room: queue (POST /events/{id}/queue) and send the admission token as X-Queue-Token.',
  },
  QUEUE_ADMISSION_INVALID: {
    status: 403,
    description:
      'The X-Queue-Token is malformed, forged, or was issued to another buyer or for another event.',
  },
  QUEUE_ADMISSION_EXPIRED: {
    status: 403,
    description: 'The admission token has expired (its slot went to the next buyer).',
  },
  QUEUE_ADMISSION_USED: {
    status: 409,
    description: 'The admission token already placed a hold; each token places one.',
  },

  // Waitlist
  TIER_AVAILABLE: {
    status: 409,
    description: 'The tier still has units: buy instead of joining the waitlist.',
  },
  ALREADY_ON_WAITLIST: { status: 409, description: 'The buyer already has an active entry for this tier.' },
  OFFER_NOT_ACTIVE: { status: 409, description: 'The waitlist entry has no active offer to claim.' },

  // Outgoing webhooks
  WEBHOOK_URL_FORBIDDEN: {
    status: 400,
    description: 'The webhook URL resolves to a loopback, private, link-local or metadata address.',
  },
  WEBHOOK_ENDPOINT_DISABLED: {
    status: 409,
    description: 'The webhook endpoint is disabled; enable it first.',
  },
  WEBHOOK_ENDPOINT_LIMIT: {
    status: 409,
    description: 'The promoter already has the most webhook endpoints allowed.',
  },

  // Event images
  IMAGE_INVALID: {
    status: 422,
    description:
      'The uploaded image was refused (details.reason: not JPEG, PNG or WebP by its bytes, not the declared type, ' +
      'over 10 MB, pixel size out of bounds, or undecodable); the upload is deleted, start a new one.',
  },
  IMAGE_NOT_UPLOADED: {
    status: 409,
    description: 'Nothing was uploaded to the image upload URL yet; upload first, then complete.',
  },
  IMAGE_LIMIT_REACHED: {
    status: 409,
    description: 'The event already has the most images allowed (details.max); delete one first.',
  },

  // Object storage (the local driver's signed URLs)
  STORAGE_SIGNATURE_INVALID: {
    status: 403,
    description:
      'The storage URL is forged, altered or malformed, allows another method, or the upload does not match ' +
      'what it was signed for (its Content-Type).',
  },
  STORAGE_URL_EXPIRED: {
    status: 403,
    description: 'The storage URL has expired (details.expiredAt); ask the API for a new one.',
  },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
