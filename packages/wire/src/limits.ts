/** Every bound of the OpenGrid wire protocol, named once (docs/spec/opengrid.md). */

/** A client→node or node→client session frame, as UTF-8 bytes on the WebSocket. */
export const SESSION_FRAME_BYTES_MAX = 256 * 1024;
/** One turn's input, serialised; the rest of a frame is envelope. */
export const TURN_INPUT_BYTES_MAX = 64 * 1024;
/** One output chunk, serialised. */
export const TURN_CHUNK_BYTES_MAX = 64 * 1024;
/**
 * A session checkpoint (agent state after a turn and that turn's output), as canonical JSON.
 * It travels in one control-link frame, so the link's bound leaves room for the envelope.
 */
export const SESSION_CHECKPOINT_BYTES_MAX = 256 * 1024;
/** Chunks of one turn a checkpoint keeps for replay to a client that missed them. */
export const CHECKPOINT_OUTPUT_CHUNKS_MAX = 4096;
/**
 * A frame carrying a usage proof (`usage`, `usage-signed`): one proof with its node's signature
 * and the client's countersignature is under 2 KiB; a proof may carry at most 16 signatures.
 */
export const USAGE_FRAME_BYTES_MAX = 16 * 1024;
/** A node↔coordinator control-link frame. */
export const LINK_FRAME_BYTES_MAX = SESSION_CHECKPOINT_BYTES_MAX + 64 * 1024;
/** An HTTP request body to the coordinator's session API. */
export const OPEN_SESSION_BODY_BYTES_MAX = 16 * 1024;

/** How long a coordinator's session ticket stays valid after it is issued. */
export const TICKET_TTL_MS = 60_000;
/** Clocks of a coordinator and a node may differ by this much before a ticket is refused. */
export const TICKET_CLOCK_SKEW_MS = 5_000;
/** Session ids are 16 random bytes as base64url (22 characters); bounded for parsing. */
export const SESSION_ID_LENGTH_MAX = 64;
/** did:key strings of Ed25519 and P-256 keys are well below this. */
export const DID_LENGTH_MAX = 128;
/** Agent references: a built-in name, `name@version`, or an asset id `sha256:<64 hex>`. */
export const AGENT_REFERENCE_LENGTH_MAX = 160;
/** A node's registration challenge nonce: 32 random bytes as base64url. */
export const REGISTRATION_NONCE_LENGTH = 43;
/** An endpoint URL a node advertises. */
export const ENDPOINT_LENGTH_MAX = 256;
/** Warm agents one heartbeat may list. */
export const WARM_AGENTS_MAX = 256;
/** Peers a coordinator hands a node to probe for its network coordinate. */
export const PROBE_PEERS_MAX = 32;
/** A probe RTT a client reports for a node; larger is not a probe of a live node. */
export const PROBE_RTT_MS_MAX = 10_000;
/** Landmarks a client probes to place itself before opening a session. */
export const LANDMARKS_MAX = 16;
/** The highest session epoch a frame may carry (stays an exact integer). */
export const SESSION_EPOCH_MAX = 2 ** 31 - 1;
/** Turn sequence numbers (per session, starting at 1). */
export const TURN_SEQUENCE_MAX = Number.MAX_SAFE_INTEGER;
/** Free-text labels (city, node name) in registrations and summaries. */
export const LABEL_LENGTH_MAX = 64;
/** Error messages this implementation sends in frames are cut to this length. */
export const ERROR_MESSAGE_LENGTH_MAX = 512;
/** Error messages a peer sends are accepted up to this length. */
export const ERROR_MESSAGE_READ_LENGTH_MAX = 4096;
/** Dimensions a network coordinate may have on the wire. */
export const COORDINATE_DIMENSIONS_MAX = 16;
/** Imported public keys the signature checks keep (oldest dropped when full). */
export const KEY_OBJECTS_CACHED_MAX = 4096;
/** A DelayLine drops its delivered prefix once this many items have gone out (devnet only). */
export const DELAY_LINE_COMPACT_AFTER_ITEMS = 1024;
