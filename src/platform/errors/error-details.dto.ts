import { ApiProperty } from '@nestjs/swagger';
import { ApiInteger, ApiUuid } from '../http/api-types';

/**
 * The `details` of the error codes that carry some. `ERROR_DETAILS` ties each shape to its code: `DomainError`
 * only accepts details of that shape for that code, and the OpenAPI document gives every code's error its own
 * schema, so a client that switches on `code` gets typed `details`. Statuses of other modules' objects are plain
 * strings here because the platform cannot import those modules.
 */

export class FieldErrorDto {
  /** The field's path: `items.0.quantity`, a query parameter or a header name. */
  @ApiProperty({ example: 'items.0.quantity' })
  field: string;
  @ApiProperty({ example: ['quantity must not be greater than 100'] })
  errors: string[];
}

export class ValidationFailedDetailsDto {
  @ApiProperty({ type: [FieldErrorDto] })
  fields: FieldErrorDto[];
}

export class NotFoundDetailsDto {
  /** The id that was asked for. */
  id: string;
}

export class RateLimitedDetailsDto {
  /** The limit that refused: `default` (every route), `auth` (sign-in routes, per address) or `checkout`. */
  @ApiProperty({ enum: ['default', 'auth', 'checkout'], example: 'checkout' })
  policy: string;
  /** Requests allowed per window. */
  @ApiInteger({ example: 10 })
  limit: number;
  @ApiInteger({ example: 60 })
  windowSeconds: number;
  @ApiInteger({ example: 42 })
  retryAfterSeconds: number;
}

export class ForbiddenDetailsDto {
  /** The caller's role in the promoter's team. */
  @ApiProperty({ example: 'staff' })
  role?: string;
  /** The least role the action needs. */
  @ApiProperty({ example: 'manager' })
  requiredRole?: string;
}

export class TokenInvalidDetailsDto {
  /** `expired`: refresh the access token and retry. */
  @ApiProperty({ enum: ['expired'], required: false })
  reason?: 'expired';
}

export class InvalidStateTransitionDetailsDto {
  @ApiProperty({ example: 'claimed' })
  from: string;
  @ApiProperty({ example: 'left' })
  to: string;
  /** The admin move that was refused (promoters only). */
  @ApiProperty({ example: 'approve' })
  action?: string;
}

export class WeakPasswordDetailsDto {
  @ApiProperty({ enum: ['too_short', 'too_long', 'common', 'repetitive', 'contains_email'], required: false })
  reason?: string;
}

export class PromoterNotApprovedDetailsDto {
  @ApiUuid()
  promoterId: string;
  @ApiProperty({ example: 'suspended' })
  status: string;
}

export class PromoterSlugTakenDetailsDto {
  @ApiProperty({ example: 'moonlight-concerts' })
  slug: string;
}

export class AlreadyAMemberDetailsDto {
  @ApiUuid()
  userId: string;
}

export class LastOwnerDetailsDto {
  @ApiUuid()
  promoterId: string;
  @ApiUuid()
  userId: string;
}

export class EventNotOnSaleDetailsDto {
  /** The event's status, when the event exists. */
  @ApiProperty({ example: 'cancelled' })
  status?: string;
}

export class EventNotPublishableDetailsDto {
  @ApiUuid()
  eventId: string;
  @ApiProperty({ example: ['the event needs at least one tier'] })
  reasons: string[];
}

export class EventHasSalesDetailsDto {
  @ApiUuid()
  eventId: string;
  @ApiInteger({ example: 12 })
  sold: number;
}

export class FieldFrozenDetailsDto {
  @ApiProperty({ example: ['currency'] })
  fields: string[];
  @ApiInteger()
  sold: number;
  @ApiInteger()
  held: number;
}

export class TierStockDetailsDto {
  @ApiUuid()
  tierId: string;
  @ApiInteger()
  sold: number;
  @ApiInteger()
  held: number;
}

export class CapacityBelowCommittedDetailsDto extends TierStockDetailsDto {
  /** The capacity that was asked for. */
  @ApiInteger()
  capacity: number;
  /** `sold + held`: the least capacity allowed now. */
  @ApiInteger()
  minimum: number;
}

export class TierNotOnSaleDetailsDto {
  @ApiUuid()
  tierId: string;
  /** Why: `hidden`, `not a tier of this event`, or the tier's sale status (`not_started`, `ended`, …). */
  @ApiProperty({ example: 'not_started' })
  reason: string;
}

export class ShortageDto {
  @ApiUuid()
  tierId: string;
  @ApiInteger({ example: 4 })
  requested: number;
  @ApiInteger({ example: 1 })
  available: number;
}

/** The first tier that is short; with several, `shortages` lists each. */
export class InsufficientInventoryDetailsDto extends ShortageDto {
  @ApiProperty({ type: [ShortageDto], required: false })
  shortages?: ShortageDto[];
}

export class OrderLimitExceededDetailsDto {
  @ApiUuid()
  tierId: string;
  @ApiInteger({ example: 1 })
  minPerOrder: number;
  @ApiInteger({ example: 10 })
  maxPerOrder: number;
}

export class BuyerLimitExceededDetailsDto {
  @ApiUuid()
  tierId: string;
  @ApiInteger({ example: 10 })
  maxPerOrder: number;
  /** What the buyer's open holds of this tier would add up to. */
  @ApiInteger({ example: 12 })
  requestedTotal: number;
}

export class OrderStatusDetailsDto {
  /** The order's status. */
  @ApiProperty({ example: 'expired' })
  status: string;
}

export class PaymentNotCompletedDetailsDto {
  /** The provider's payment status, or `not_started`. */
  @ApiProperty({ example: 'requires_payment_method' })
  paymentStatus: string;
}

export class TicketAlreadyCheckedInDetailsDto {
  @ApiUuid({ isArray: true })
  ticketIds: string[];
}

export class TicketWrongEventDetailsDto {
  @ApiUuid()
  ticketEventId: string;
}

export class AlreadyCheckedInDetailsDto {
  /** When the ticket was first checked in. */
  checkedInAt: Date | null;
  /** The user who scanned it first (null when an offline device did). */
  @ApiUuid({ nullable: true })
  checkedInBy: string | null;
  /** The scanner device that scanned it first, when one did. */
  @ApiUuid({ nullable: true })
  deviceId?: string | null;
}

export class TicketVoidDetailsDto {
  /** Refunds only: the ticket that is void. */
  @ApiUuid()
  ticketId?: string;
  @ApiProperty({
    type: String,
    enum: ['refunded', 'event_cancelled', 'transferred', 'resold'],
    nullable: true,
  })
  reason: string | null;
  /** Check-in only. */
  voidedAt?: Date | null;
}

export class TierAvailableDetailsDto {
  @ApiUuid()
  tierId: string;
  @ApiInteger({ example: 3 })
  available: number;
}

export class AlreadyOnWaitlistDetailsDto {
  @ApiUuid()
  tierId: string;
}

export class OfferNotActiveDetailsDto {
  @ApiProperty({ example: 'lapsed' })
  status: string;
  offerExpiresAt: Date | null;
}

export class CodeInvalidDetailsDto {
  /** `unknown` (no such code for this event), `inactive` (deactivated), `not_yet_valid` or `expired`. */
  @ApiProperty({ enum: ['unknown', 'inactive', 'not_yet_valid', 'expired'], example: 'expired' })
  reason: string;
}

export class CodeExhaustedDetailsDto {
  /** `max_uses`: every use of the code is taken or held; `max_per_buyer`: this buyer has used it up. */
  @ApiProperty({ enum: ['max_uses', 'max_per_buyer'], example: 'max_uses' })
  reason: string;
  /** The limit that refused (`maxUses` or `maxPerBuyer` of the code). */
  @ApiInteger({ example: 10, required: false })
  limit?: number;
}

export class CodeNotApplicableDetailsDto {
  /** The tiers the code applies to (for an access code: the hidden tiers it reveals). */
  @ApiUuid({ isArray: true })
  tierIds: string[];
}

export class CodeTakenDetailsDto {
  /** The code as stored (upper case). */
  @ApiProperty({ example: 'SUMMER25' })
  code: string;
}

export class MissingAttendeeDetailsDto {
  @ApiUuid()
  tierId: string;
  /** Which unit of that tier in the order, from 0. */
  @ApiInteger({ example: 0 })
  unit: number;
  /** The unit's ticket, once the order is paid. */
  @ApiUuid({ nullable: true })
  ticketId: string | null;
  /** `name`, `email`, or `answers.<questionId>`. */
  @ApiProperty({ example: ['name', 'answers.6f1c2a3d-8b9e-4f01-a2b3-c4d5e6f7a8b9'] })
  fields: string[];
}

export class AttendeeDetailsMissingDetailsDto {
  @ApiProperty({ type: [MissingAttendeeDetailsDto] })
  missing: MissingAttendeeDetailsDto[];
}

export class AttendeeEditsClosedDetailsDto {
  /** When edits closed: the event's start less its attendee cut-off. */
  editableUntil: Date;
}

/** Which codes carry details, and their shape. */
export class StorageUrlExpiredDetailsDto {
  /** When the URL stopped working. */
  expiredAt: Date;
}

export const ERROR_DETAILS = {
  VALIDATION_FAILED: ValidationFailedDetailsDto,
  NOT_FOUND: NotFoundDetailsDto,
  RATE_LIMITED: RateLimitedDetailsDto,
  FORBIDDEN: ForbiddenDetailsDto,
  TOKEN_INVALID: TokenInvalidDetailsDto,
  INVALID_STATE_TRANSITION: InvalidStateTransitionDetailsDto,
  WEAK_PASSWORD: WeakPasswordDetailsDto,
  PROMOTER_NOT_APPROVED: PromoterNotApprovedDetailsDto,
  PROMOTER_SLUG_TAKEN: PromoterSlugTakenDetailsDto,
  ALREADY_A_MEMBER: AlreadyAMemberDetailsDto,
  LAST_OWNER: LastOwnerDetailsDto,
  EVENT_NOT_ON_SALE: EventNotOnSaleDetailsDto,
  EVENT_NOT_PUBLISHABLE: EventNotPublishableDetailsDto,
  EVENT_HAS_SALES: EventHasSalesDetailsDto,
  FIELD_FROZEN: FieldFrozenDetailsDto,
  CAPACITY_BELOW_COMMITTED: CapacityBelowCommittedDetailsDto,
  TIER_HAS_SALES: TierStockDetailsDto,
  TIER_NOT_ON_SALE: TierNotOnSaleDetailsDto,
  INSUFFICIENT_INVENTORY: InsufficientInventoryDetailsDto,
  ORDER_LIMIT_EXCEEDED: OrderLimitExceededDetailsDto,
  BUYER_LIMIT_EXCEEDED: BuyerLimitExceededDetailsDto,
  ORDER_NOT_PENDING: OrderStatusDetailsDto,
  ORDER_NOT_PAID: OrderStatusDetailsDto,
  PAYMENT_NOT_COMPLETED: PaymentNotCompletedDetailsDto,
  TICKET_ALREADY_CHECKED_IN: TicketAlreadyCheckedInDetailsDto,
  TICKET_WRONG_EVENT: TicketWrongEventDetailsDto,
  ALREADY_CHECKED_IN: AlreadyCheckedInDetailsDto,
  TICKET_VOID: TicketVoidDetailsDto,
  TIER_AVAILABLE: TierAvailableDetailsDto,
  ALREADY_ON_WAITLIST: AlreadyOnWaitlistDetailsDto,
  OFFER_NOT_ACTIVE: OfferNotActiveDetailsDto,
  CODE_INVALID: CodeInvalidDetailsDto,
  CODE_EXHAUSTED: CodeExhaustedDetailsDto,
  CODE_NOT_APPLICABLE: CodeNotApplicableDetailsDto,
  CODE_TAKEN: CodeTakenDetailsDto,
  ATTENDEE_DETAILS_MISSING: AttendeeDetailsMissingDetailsDto,
  ATTENDEE_EDITS_CLOSED: AttendeeEditsClosedDetailsDto,
  STORAGE_URL_EXPIRED: StorageUrlExpiredDetailsDto,
} as const;
