/**
 * Every error code MMP Core can return. Codes are protocol: snake_case, named after the broken
 * rule, and they never change meaning. Expected failures are MeshResult values (the kernel's
 * Outcome with mesh codes: `ok` from the kernel, `meshFail` here); exceptions are for bugs.
 */
import { type CodedError, failWith, type Outcome } from '@mycel/kernel';

export const MESH_ERROR_CODES = {
  coordinate_sample_invalid:
    'an RTT sample is not a finite number in (0, RTT_SAMPLE_MS_MAX], or the remote coordinate is not a well-formed coordinate',
  coordinate_dimensions_mismatch: 'two coordinates have Euclidean parts of different dimensions',
  coordinate_peer_invalid:
    'a coordinate client was given a peer id that is not a string of 1 to COORDINATE_PEER_ID_CHARS_MAX characters',
  coordinate_fit_invalid:
    'a fit was asked for with no samples, too many samples, or a pass count or dimension count out of range',
  latency_matrix_malformed:
    'a line of the RTT matrix or the cities file is not in the expected form (the message names the line)',
  latency_matrix_not_square:
    'the RTT matrix does not have as many columns in every row as it has rows',
  latency_matrix_city_count_mismatch:
    'the cities file and the RTT matrix list different numbers of cities',
  latency_matrix_too_large: 'the RTT matrix or the cities file exceeds LATENCY_MATRIX_* limits',
  // --- membership (swim/) ---
  swim_config_invalid: 'a SWIM member configuration has a value out of range or of the wrong kind',
  swim_message_malformed:
    'a SWIM message is not an object of a known type with exactly the fields of that type, in range',
  swim_message_too_large:
    'a SWIM message exceeds SWIM_MESSAGE_BYTES_MAX bytes or carries more updates or sync entries than allowed',
  swim_sender_mismatch:
    'the sender a SWIM message names is not the sender the transport authenticated',
  swim_target_mismatch:
    'a SWIM ping or ping-req names this member as target but another id, or itself',
  swim_signature_invalid:
    "a SWIM datagram's signature does not verify against the did:key its sender names",
  swim_view_full:
    'news of a new member was dropped because the view holds SWIM_MEMBERS_MAX members',
  swim_relays_full:
    'an indirect probe request was dropped because SWIM_RELAYS_PENDING_MAX relays are pending',
  // --- switching: choosing a coordinator ---
  switch_sample_invalid:
    'an RTT sample to a coordinator is not a finite number in (0, RTT_SAMPLE_MS_MAX], or names no coordinator',
  switch_config_invalid:
    'a switching option is out of range (ratio in (0, 1), rounds ≥ 1, hold-down within SWITCH_HOLD_DOWN_MS_MIN..MAX)',
  switch_too_many_coordinators:
    'more than SWITCH_COORDINATORS_MAX coordinators were given to track',
  seed_list_invalid:
    'a seed list is empty, too long, or holds something that is not an http(s) URL',
  seed_cache_malformed: 'a cached seed-probe file is not the expected list of {url, rttMs, atMs}',
  // --- canopy + federation ---
  summary_schema_invalid:
    'a canopy summary is not an object of the summary shape with every field in range',
  summary_signature_invalid:
    'a canopy summary does not carry exactly one valid signature by the coordinator it names, or its body does not hash to its id',
  summary_replayed:
    'the summary sequence number is not above the newest one held for that coordinator',
  summary_stale: 'the summary was issued more than CANOPY_SUMMARY_MAX_AGE_MS ago',
  summary_from_future: 'the summary was issued more than CANOPY_CLOCK_SKEW_MS in the future',
  summary_colony_not_owned:
    "the federation's policy pack does not name this coordinator as the owner of the colony it claims",
  summary_rate_exceeded:
    'the coordinator sent summaries faster than one per CANOPY_SUMMARY_MIN_GAP_MS',
  summary_book_full: 'the summary book holds CANOPY_BOOK_ENTRIES_MAX fresh coordinators',
  session_treaty_required:
    'a session of one federation may be placed in another only under a treaty between the two; none is held',
  treaty_replayed:
    'a treaty for this federation pair is not newer (by validFrom) than the one held, or was superseded',
  treaty_jurisdiction_not_listed:
    'the treaty lists jurisdictions and the crossing names none of them',
  treaty_book_full: 'the treaty book holds TREATY_BOOK_PAIRS_MAX federation pairs',
  federation_identity_ambiguous:
    'a policy pack is signed by other than exactly one identity, so who speaks for the federation is unclear',
} as const;

export type MeshErrorCode = keyof typeof MESH_ERROR_CODES;
export type MeshError = CodedError<MeshErrorCode>;
export type MeshResult<T> = Outcome<T, MeshErrorCode>;

export function meshFail(
  code: MeshErrorCode,
  message: string,
): { readonly ok: false; readonly error: MeshError } {
  return failWith(code, message);
}
