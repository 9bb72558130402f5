/** What a promoter's API key may be allowed to do; each route that accepts keys names exactly one. */
export enum ApiKeyScope {
  EventsRead = 'events:read',
  EventsWrite = 'events:write',
  OrdersRead = 'orders:read',
  AttendeesRead = 'attendees:read',
  CheckinWrite = 'checkin:write',
  ReportsRead = 'reports:read',
}

export const API_KEY_SCOPES: readonly ApiKeyScope[] = Object.values(ApiKeyScope);

/** What each scope opens, for the Swagger description and the README. */
export const API_KEY_SCOPE_DESCRIPTIONS: Record<ApiKeyScope, string> = {
  [ApiKeyScope.EventsRead]:
    "Read the promoter, its events (drafts too), tiers, codes and questions, and tiers' availability.",
  [ApiKeyScope.EventsWrite]:
    'Create, edit, publish and delete events (not cancel); create, edit and delete tiers, codes and questions.',
  [ApiKeyScope.OrdersRead]: "List and read the promoter's orders (also as CSV).",
  [ApiKeyScope.AttendeesRead]: "Read an event's attendee list (also as CSV).",
  [ApiKeyScope.CheckinWrite]: "Check tickets in and read an event's check-in lists.",
  [ApiKeyScope.ReportsRead]: "Read an event's sales report.",
};
