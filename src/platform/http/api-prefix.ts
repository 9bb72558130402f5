/** Every route is under this prefix, except the Swagger UI at /docs. */
export const API_PREFIX = 'api/v1';
