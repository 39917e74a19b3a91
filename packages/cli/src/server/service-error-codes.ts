/** Codes only the HTTP log service gives (the rest come from the kernel, the store and the CLI). */
export const SERVICE_ERROR_CODES = {
  route_not_found: 'no such route or method; see docs/spec/transparency-log.md for the API',
  internal_error: 'the service failed; its log says why',
  body_too_large:
    "the request body is over the route's byte limit (POST /v1/registry/adverts: HTTP_ADVERT_BYTES_MAX)",
} as const;
