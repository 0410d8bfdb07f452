import createError from '@fastify/error';

/**
 * The one catalogue of flamewatch errors. Every error a user can cause has a stable code, an
 * HTTP status and a message that names the check that failed. The API maps these to JSON in a
 * single error handler; the CLI prints the message on one line.
 */

// Profile input: size limits
export const ProfileCompressedTooLarge = createError<'FW_PROFILE_COMPRESSED_TOO_LARGE', 413, [number, number]>(
  'FW_PROFILE_COMPRESSED_TOO_LARGE', 'profile is %s bytes, over the compressed-size limit of %s bytes', 413);
export const ProfileDecompressedTooLarge = createError<'FW_PROFILE_DECOMPRESSED_TOO_LARGE', 413, [number]>(
  'FW_PROFILE_DECOMPRESSED_TOO_LARGE', 'profile inflates past the decompressed-size limit of %s bytes', 413);
export const ProfileEmpty = createError<'FW_PROFILE_EMPTY', 400, []>(
  'FW_PROFILE_EMPTY', 'profile is empty (0 bytes)', 400);
export const ProfileGzipInvalid = createError<'FW_PROFILE_GZIP_INVALID', 400, [string]>(
  'FW_PROFILE_GZIP_INVALID', 'profile is not valid gzip: %s', 400);
export const ProfileProtobufInvalid = createError<'FW_PROFILE_PROTOBUF_INVALID', 400, [string]>(
  'FW_PROFILE_PROTOBUF_INVALID', 'profile is not a valid pprof protobuf: %s', 400);
export const ProfileLegacyInvalid = createError<'FW_PROFILE_LEGACY_INVALID', 400, [string]>(
  'FW_PROFILE_LEGACY_INVALID', 'profile has a legacy CPU profile header but is malformed: %s', 400);

// Profile input: structural checks
export const ProfileStringTable = createError<'FW_PROFILE_STRING_TABLE', 400, [string]>(
  'FW_PROFILE_STRING_TABLE', 'invalid string table: %s', 400);
export const ProfileStringIndex = createError<'FW_PROFILE_STRING_INDEX', 400, [string, number, number]>(
  'FW_PROFILE_STRING_INDEX', '%s refers to string %s, but the string table has %s entries', 400);
export const ProfileIdInvalid = createError<'FW_PROFILE_ID_INVALID', 400, [string]>(
  'FW_PROFILE_ID_INVALID', 'invalid id: %s', 400);
export const ProfileDanglingReference = createError<'FW_PROFILE_DANGLING_REFERENCE', 400, [string]>(
  'FW_PROFILE_DANGLING_REFERENCE', 'dangling reference: %s', 400);
export const ProfileValueCount = createError<'FW_PROFILE_VALUE_COUNT', 400, [number, number, number]>(
  'FW_PROFILE_VALUE_COUNT', 'sample %s has %s values but the profile declares %s sample types', 400);
export const ProfileValueRange = createError<'FW_PROFILE_VALUE_RANGE', 400, [number, string]>(
  'FW_PROFILE_VALUE_RANGE', 'sample %s has a value of %s, beyond ±(2^53 − 1): values are kept exact, and this one cannot be', 400);
export const ProfileNoSampleTypes = createError<'FW_PROFILE_NO_SAMPLE_TYPES', 400, []>(
  'FW_PROFILE_NO_SAMPLE_TYPES', 'profile declares no sample types', 400);
export const ProfileTooManySamples = createError<'FW_PROFILE_TOO_MANY_SAMPLES', 413, [number]>(
  'FW_PROFILE_TOO_MANY_SAMPLES', 'profile has more than the limit of %s samples', 413);
export const ProfileNotQueryable = createError<'FW_PROFILE_NOT_QUERYABLE', 400, [string]>(
  'FW_PROFILE_NOT_QUERYABLE', 'profile refused: it could not be queried: %s', 400);
export const ProfileLabelLimit = createError<'FW_PROFILE_LABEL_LIMIT', 400, [string]>(
  'FW_PROFILE_LABEL_LIMIT', 'label limit exceeded: %s', 400);

// Analysis
export const SampleTypeMismatch = createError<'FW_SAMPLE_TYPE_MISMATCH', 400, [string, string]>(
  'FW_SAMPLE_TYPE_MISMATCH', 'cannot combine profiles with different sample types: [%s] vs [%s]', 400);
export const SampleTypeUnknown = createError<'FW_SAMPLE_TYPE_UNKNOWN', 400, [string, string]>(
  'FW_SAMPLE_TYPE_UNKNOWN', 'sample type "%s" is not in the profile (it has: %s)', 400);
export const FilterInvalid = createError<'FW_FILTER_INVALID', 400, [string, string]>(
  'FW_FILTER_INVALID', 'invalid %s filter: %s', 400);
export const GraphvizMissing = createError<'FW_GRAPHVIZ_MISSING', 501, []>(
  'FW_GRAPHVIZ_MISSING', 'SVG needs Graphviz: the "dot" program was not found (install the Debian package graphviz); format=dot works without it', 501);
export const NoProfiles = createError<'FW_NO_PROFILES', 400, []>(
  'FW_NO_PROFILES', 'no profiles to analyse', 400);

// Store queries
export const SelectorInvalid = createError<'FW_SELECTOR_INVALID', 400, [number, string, string]>(
  'FW_SELECTOR_INVALID', 'invalid selector at position %s: expected %s, found %s', 400);
export const ProfileTypeUnknown = createError<'FW_PROFILE_TYPE_UNKNOWN', 400, [string, string]>(
  'FW_PROFILE_TYPE_UNKNOWN', 'unknown profile type "%s" (known: %s)', 400);
export const TimeRangeInvalid = createError<'FW_TIME_RANGE_INVALID', 400, [string]>(
  'FW_TIME_RANGE_INVALID', 'invalid time range: %s', 400);

// Storage: limits on series, and the disk
export const SeriesLabelsRefused = createError<'FW_SERIES_LABELS_REFUSED', 400, [string]>(
  'FW_SERIES_LABELS_REFUSED', 'labels refused: %s; nothing was stored', 400);
export const SeriesLimit = createError<'FW_SERIES_LIMIT', 400, [number]>(
  'FW_SERIES_LIMIT', 'the store holds the limit of %s distinct series (maxSeries): a new label set is refused and nothing was stored; a label that differs on every push (such as a request id) does not belong in labels', 400);
export const StorageFull = createError<'FW_STORAGE_FULL', 507, [string]>(
  'FW_STORAGE_FULL', 'storage is full (%s): nothing was written; reads go on, and writes resume once space is freed', 507);
export const StorageUnavailable = createError<'FW_STORAGE_UNAVAILABLE', 503, [string]>(
  'FW_STORAGE_UNAVAILABLE', 'storage is unavailable: %s', 503);

/** Shape shared by every catalogued error. */
export interface FlamewatchError extends Error {
  code: string;
  statusCode?: number;
}

/** True for errors from this catalogue (a user's mistake), false for bugs. */
export function isFlamewatchError(err: unknown): err is FlamewatchError {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('FW_');
}

// Configuration
export const ConfigInvalid = createError<'FW_CONFIG_INVALID', 500, [string, string]>(
  'FW_CONFIG_INVALID', 'invalid server option %s: %s', 500);

export const ListenFailed = createError<'FW_LISTEN_FAILED', 500, [string, number, string]>(
  'FW_LISTEN_FAILED', 'cannot listen on %s port %s: %s', 500);

// API requests
export const ParameterInvalid = createError<'FW_PARAMETER_INVALID', 400, [string, string]>(
  'FW_PARAMETER_INVALID', 'invalid parameter "%s": %s', 400);
export const TargetNotFound = createError<'FW_TARGET_NOT_FOUND', 404, [string]>(
  'FW_TARGET_NOT_FOUND', 'no target with id "%s"', 404);
export const TargetFromConfigFile = createError<'FW_TARGET_FROM_CONFIG_FILE', 409, [string]>(
  'FW_TARGET_FROM_CONFIG_FILE', 'target "%s" comes from the scrape config file: change it there and send SIGHUP', 409);
export const TargetExists = createError<'FW_TARGET_EXISTS', 409, [string, string]>(
  'FW_TARGET_EXISTS', 'target "%s" already scrapes %s', 409);
export const RouteNotFound = createError<'FW_ROUTE_NOT_FOUND', 404, [string, string]>(
  'FW_ROUTE_NOT_FOUND', 'no route %s %s', 404);
export const Unauthorized = createError<'FW_UNAUTHORIZED', 401, [string]>(
  'FW_UNAUTHORIZED', 'unauthorized: %s', 401);
export const BodyTooLarge = createError<'FW_BODY_TOO_LARGE', 413, [number]>(
  'FW_BODY_TOO_LARGE', 'request body is over the limit of %s bytes', 413);
export const UnsupportedMediaType = createError<'FW_UNSUPPORTED_MEDIA_TYPE', 415, [string, string]>(
  'FW_UNSUPPORTED_MEDIA_TYPE', 'unsupported content type "%s" (expected %s)', 415);
export const ParameterUnknown = createError<'FW_PARAMETER_UNKNOWN', 400, [string, string, string]>(
  'FW_PARAMETER_UNKNOWN', 'unknown query parameter(s) %s for %s (known: %s)', 400);
export const BadRequest = createError<'FW_BAD_REQUEST', 400, [string]>(
  'FW_BAD_REQUEST', 'malformed HTTP request: %s', 400);
export const HeadersTooLarge = createError<'FW_HEADERS_TOO_LARGE', 431, []>(
  'FW_HEADERS_TOO_LARGE', 'the request headers are over the size limit', 431);
export const RequestTimeout = createError<'FW_REQUEST_TIMEOUT', 408, [number]>(
  'FW_REQUEST_TIMEOUT', 'the request was not received in full within the request timeout of %s ms', 408);
export const RateLimited = createError<'FW_RATE_LIMITED', 429, [string]>(
  'FW_RATE_LIMITED', 'too many write requests, retry in %s', 429);
export const InternalError = createError<'FW_INTERNAL', 500, []>(
  'FW_INTERNAL', 'internal server error', 500);

// API client
export const ServerUnreachable = createError<'FW_SERVER_UNREACHABLE', 502, [string, string]>(
  'FW_SERVER_UNREACHABLE', 'cannot reach flamewatch server at %s: %s', 502);
export const ServerResponse = createError<'FW_SERVER_RESPONSE', 502, [string, number, string]>(
  'FW_SERVER_RESPONSE', 'server answered %s with status %s: %s', 502);

// Collector: scrape configuration and scrapes
export const ScrapeConfigInvalid = createError<'FW_SCRAPE_CONFIG_INVALID', 400, [string, string, string]>(
  'FW_SCRAPE_CONFIG_INVALID', 'invalid scrape config %s: field %s %s', 400);
export const ConfigFileUnreadable = createError<'FW_CONFIG_FILE_UNREADABLE', 400, [string, string]>(
  'FW_CONFIG_FILE_UNREADABLE', 'cannot read scrape config %s: %s', 400);
export const TargetInvalid = createError<'FW_TARGET_INVALID', 400, [string, string]>(
  'FW_TARGET_INVALID', 'invalid target field "%s": %s', 400);
export const ScrapeStatus = createError<'FW_SCRAPE_STATUS', 502, [string, number, string]>(
  'FW_SCRAPE_STATUS', 'GET %s answered status %s: %s', 502);
export const ScrapeTimeout = createError<'FW_SCRAPE_TIMEOUT', 504, [string, number]>(
  'FW_SCRAPE_TIMEOUT', 'GET %s timed out after %s ms', 504);
export const ScrapeFailed = createError<'FW_SCRAPE_FAILED', 502, [string, string]>(
  'FW_SCRAPE_FAILED', 'GET %s failed: %s', 502);
export const TargetAddressForbidden = createError<'FW_TARGET_ADDRESS_FORBIDDEN', 400, [string, string]>(
  'FW_TARGET_ADDRESS_FORBIDDEN', 'target address %s is forbidden: %s', 400);
export const ScrapeCredentialsUnreadable = createError<'FW_SCRAPE_CREDENTIALS_UNREADABLE', 502, [string, string]>(
  'FW_SCRAPE_CREDENTIALS_UNREADABLE', 'cannot read %s: %s', 502);
