/**
 * Every bound in OpenGrid's coordinator, node daemon, agents and asset plane, named once.
 * Each area keeps its constants under its own heading.
 */
import { wireLimits } from '@mycel/wire';

// --- agents (packages/grid/src/agents) ---
/** Longest agent name: `[a-z][a-z0-9-]{0,62}`. */
export const AGENT_NAME_CHARS_MAX = 63;
/** Longest agent version string (semver with pre-release and build parts). */
export const AGENT_VERSION_CHARS_MAX = 64;
/** Largest agent state after a turn, in UTF-16 units of its JSON text (it travels over IPC). */
export const AGENT_STATE_CHARS_MAX = 1024 * 1024;
/** Deepest nesting of arrays and objects in agent state, input and chunks. */
export const AGENT_JSON_DEPTH_MAX = 32;
/** Pause between two chunks of the voice agent's reply. */
export const VOICE_CHUNK_INTERVAL_MS = 40;
/** Most words the voice agent speaks in one reply. */
export const VOICE_REPLY_WORDS_MAX = 120;
/** Longest utterance the voice agent keeps and repeats, in UTF-16 units. */
export const VOICE_UTTERANCE_CHARS_MAX = 2000;
/** CPU time the burn agent spends when the input names none. */
export const BURN_DEFAULT_MS = 200;
/** Most CPU time one burn turn may ask for. */
export const BURN_MS_MAX = 10_000;
/** Length of one uninterrupted hashing slice; the event loop runs between slices. */
export const BURN_SLICE_MS = 10;
/** Most messages (system, user, assistant) the chat agent keeps in its state. */
export const CHAT_HISTORY_MESSAGES_MAX = 32;
/** Longest single chat message kept in state, in UTF-16 units (longer ones are cut). */
export const CHAT_MESSAGE_CHARS_MAX = 16 * 1024;
/** Longest backend spec (`openai:http://host:port/v1`) or model name accepted. */
export const BACKEND_SPEC_CHARS_MAX = 2048;
/** Longest line of a backend's server-sent-event stream, in UTF-16 units. */
export const BACKEND_EVENT_CHARS_MAX = 256 * 1024;
/** Longest reply accepted from a backend for one turn, in UTF-16 units. */
export const BACKEND_REPLY_CHARS_MAX = 256 * 1024;
/** Longest backend error body quoted in an error message, in UTF-16 units. */
export const BACKEND_ERROR_CHARS_MAX = 500;

// --- inference plane (packages/grid/src/inference) ---
/** Nice value of every inference child process: the lowest priority (see fork-inference-worker). */
export const INFERENCE_NICE = 19;
/** How often a worker reports progress from its own event loop. */
export const INFERENCE_PROGRESS_TICK_MS = 100;
/** A worker with no progress for this long is hung: it is killed and replaced. */
export const WORKER_STALL_MS = 2000;
/** How often the pool looks for hung workers and overdue cancelled turns. */
export const WORKER_WATCHDOG_INTERVAL_MS = 100;
/** Longest time a new worker may take to load its code and say it is ready. */
export const WORKER_START_TIMEOUT_MS = 20_000;
/** Pause before replacing a worker that died before it ever became ready (a crash loop). */
export const WORKER_RESTART_DELAY_MS = 1000;
/** How long a cancelled turn may keep running before its worker is replaced. */
export const WORKER_CANCEL_GRACE_MS = 1000;
/** How long close() waits for a killed worker to exit. */
export const WORKER_EXIT_WAIT_MS = 5000;
/** Most workers in one pool. */
export const WORKER_POOL_SIZE_MAX = 64;
/** Most requests (inits and turns) in flight on one worker. */
export const WORKER_REQUESTS_IN_FLIGHT_MAX = 64;
/** Longest time agent.init may take. */
export const AGENT_INIT_TIMEOUT_MS = 10_000;
/** Longest turn timeout a caller may ask for. */
export const TURN_TIMEOUT_MS_MAX = 10 * 60 * 1000;
/** Most chunks one turn may emit. */
export const TURN_CHUNKS_MAX = 10_000;
/** Largest chunk, in UTF-16 units of its JSON text. */
export const TURN_CHUNK_CHARS_MAX = 64 * 1024;
/** Largest turn input or init config, in UTF-16 units of its JSON text. */
export const TURN_INPUT_CHARS_MAX = 256 * 1024;
/** Longest error message an agent's exception contributes to a failed turn. */
export const TURN_ERROR_MESSAGE_CHARS_MAX = 500;
/** Longest piece of a worker's stdout or stderr written to the daemon's log at once. */
export const WORKER_OUTPUT_LOG_CHARS_MAX = 2000;

// --- asset plane (packages/grid/src/assets) ---
/** Largest blob an asset store keeps by default (agent bundles, checkpoints). */
export const ASSET_BYTES_MAX = 64 * 1024 * 1024;
/** Largest agent bundle document, in bytes. */
export const AGENT_BUNDLE_BYTES_MAX = 8 * 1024 * 1024;
/** Most files in one agent bundle. */
export const AGENT_BUNDLE_FILES_MAX = 256;
/** Largest total size of the files in one agent bundle, before base64. */
export const AGENT_BUNDLE_FILE_BYTES_MAX = 4 * 1024 * 1024;
/** Longest relative path of a bundle file, in UTF-16 units. */
export const AGENT_BUNDLE_PATH_CHARS_MAX = 256;
/** Most directory levels in a bundle file path. */
export const AGENT_BUNDLE_PATH_DEPTH_MAX = 8;
/**
 * Characters of base64 per piece of a bundle file. The kernel's strict JSON reader bounds strings
 * (JSON_STRING_CHARS_MAX, 16 Ki), so a file is a list of pieces; a multiple of 4 keeps each piece
 * decodable on its own.
 */
export const AGENT_BUNDLE_BASE64_PIECE_CHARS = 12 * 1024;
/** Most signatures on one agent bundle. */
export const AGENT_BUNDLE_SIGNATURES_MAX = 16;
/** Most resolved bundles a node's BundleCache remembers in memory (the oldest is forgotten). */
export const BUNDLE_CACHE_ENTRIES_MAX = 1024;
/** Largest agent.json accepted when packing an agent directory. */
export const AGENT_MANIFEST_BYTES_MAX = 64 * 1024;

// --- coordinator (packages/grid/src/coordinator) ---
/** How often nodes send heartbeats (told in `registered`), and the link is pinged. */
export const HEARTBEAT_INTERVAL_MS = 1000;
/** Heartbeats a node may miss before it is suspected (no new sessions, a health probe). */
export const HEARTBEAT_MISSED_SUSPECT = 3;
/** Silence after suspicion that confirms a failure when no probe answered in the meantime. */
export const FAILURE_CONFIRM_MS = 5000;
/** How long the confirming health probe (GET /v1/health on the node) may take. */
export const HEALTH_PROBE_TIMEOUT_MS = 1000;
/** A node confirmed failed stays in the table (for summaries) this long, then is forgotten. */
export const FAILED_NODE_RETAIN_MS = 10 * 60 * 1000;
/** Most nodes one coordinator tracks; registrations beyond are refused with node_table_full. */
export const COORDINATOR_NODES_MAX = 100_000;
/** Most session slots per latency class a node may declare; larger declarations are cut. */
export const NODE_CLASS_SLOTS_MAX = 1_000_000;
/** Distinct agent references (names, name@version, asset ids) the routing index tracks. */
export const AGENT_REFERENCES_INDEXED_MAX = 4096;
/** Published bundles the agent catalog lists (each under name and name@version). */
export const AGENT_CATALOG_ENTRIES_MAX = 10_000;
/** Sessions not yet closed or failed; opening more is pushed back. */
export const OPEN_SESSIONS_MAX = 1_000_000;
/** Closed and failed sessions kept for GET /v1/sessions/:sid, oldest forgotten first. */
export const ENDED_SESSIONS_RETAINED_MAX = 100_000;
/**
 * How long a session may stay `migrating` (its node lost, no new node attached yet) before it
 * fails with migration_timeout. Covers finding a node with room and the client coming back.
 */
export const MIGRATION_BUDGET_MS = 30_000;
/** What resume_pending tells a client to wait before asking again (a move is milliseconds away). */
export const RESUME_RETRY_AFTER_MS = 20;
/** Migrating sessions one tick tries to place (the rest wait for the next tick or a resume). */
export const MOVES_PLACED_PER_TICK_MAX = 1000;
/**
 * A coordinator that restarted waits this long for the node of a session it remembers to register
 * again and report it, then moves the session.
 */
export const RESTART_NODE_GRACE_MS = 10_000;
/** What route_pushback tells a client to wait before it asks again. */
export const PUSHBACK_RETRY_AFTER_MS = 1000;
/** Bad frames (malformed, oversize, unknown, misdirected) a link may send before it is closed. */
export const LINK_BAD_FRAMES_MAX = 5;
/**
 * Largest WebSocket message the link socket reads. Frames between LINK_FRAME_BYTES_MAX (wire) and
 * this are read, answered with frame_too_large and counted; larger ones are cut by the socket.
 */
export const LINK_MESSAGE_BYTES_MAX = 2 * wireLimits.LINK_FRAME_BYTES_MAX;
/** How long a new link may take to answer its challenge with a registration. */
export const LINK_REGISTRATION_TIMEOUT_MS = 10_000;
/** How long stopping waits for nodes to answer the links' close before cutting them. */
export const LINK_CLOSE_GRACE_MS = 500;
/** Link pings (one per heartbeat interval) a node may leave unanswered before its link is closed. */
export const LINK_PINGS_UNANSWERED_MAX = 3;
/** Least time between two rounds of `peers` frames after membership changed. */
export const PEERS_UPDATE_INTERVAL_MS = 2000;
/** How long a computed landmark set is reused. */
export const LANDMARKS_CACHE_MS = 1000;
/** Largest asset one PUT /v1/assets/:id may upload (an agent bundle, a checkpoint). */
export const ASSET_UPLOAD_BYTES_MAX = 64 * 1024 * 1024;
/** Largest coordinate component or height accepted; anything else counts as no coordinate. */
export const COORDINATE_ABS_MS_MAX = 1_000_000;
/** Side of a cell of the placement grid over network coordinates (coordinate-grid.ts). */
export const COORDINATE_CELL_MS = 10;
/** Rings of cells placement searches around the client before it scans every node instead. */
export const PLACEMENT_RINGS_MAX = 24;
// Placement score (lower is better), every term in milliseconds of predicted RTT it is worth.
/** Predicted RTT assumed when the client or the node has no coordinate. */
export const PLACEMENT_UNKNOWN_RTT_MS = 100;
/** Added at load 1 (every worker of the node busy), proportionally below. */
export const PLACEMENT_LOAD_WEIGHT_MS = 40;
/** Added when the class has one free slot left of many, proportionally to the share in use. */
export const PLACEMENT_HEADROOM_WEIGHT_MS = 20;
/** Added per minor currency unit per session-minute of the node's price. */
export const PLACEMENT_PRICE_WEIGHT_MS = 0.5;
/** Subtracted when the agent is already warm (loaded) on the node. */
export const PLACEMENT_WARM_BONUS_MS = 15;
/** Reputation: added to a node's score for each session that failed on it. */
export const REPUTATION_FAILURE_PENALTY_MS = 50;
/** Reputation: the penalty never grows beyond this. */
export const REPUTATION_PENALTY_MS_MAX = 500;
/** Reputation: taken off the penalty for each session the node closes cleanly. */
export const REPUTATION_RECOVERY_MS = 5;

// --- node daemon (packages/grid/src/node) ---
/** How often the node forgets epoch fences of sessions whose tickets have expired. */
export const FENCE_SWEEP_INTERVAL_MS = 10_000;
/** Longest agent reference `GET /v1/admission?agent=` reads. */
export const AGENT_QUERY_CHARS_MAX = 256;
/** Largest answer read from a peer's ping endpoint. */
export const PING_ANSWER_BYTES_MAX = 4096;
/** Session slots per latency class when the operator names none (`capacity` option). */
export const NODE_CLASS_SESSIONS_DEFAULT = { robot: 8, voice: 32, interactive: 64, batch: 16 };
/** Most session slots one latency class of one node may have. */
export const NODE_CLASS_SESSIONS_MAX = 100_000;
/** Sockets that have not attached yet, at most; more upgrades are refused with 503. */
export const NODE_UNATTACHED_SOCKETS_MAX = 4096;
/** A session socket must attach within this time or it is closed. */
export const SESSION_ATTACH_TIMEOUT_MS = 10_000;
/**
 * ws reads frames up to SESSION_FRAME_BYTES_MAX plus this slack, so a frame a little over the
 * limit is answered with `frame_too_large` and the socket stays open; ws closes the socket with
 * 1009 for anything larger (it would have to buffer it all to answer).
 */
export const SESSION_FRAME_SLACK_BYTES = 64 * 1024;
/** Bad frames (malformed, unknown, oversize, out of order) one socket may send before 1008. */
export const SESSION_BAD_FRAMES_MAX = 16;
/** Output a client has not read yet (ws bufferedAmount); over it the running turn is aborted. */
export const SESSION_SEND_BUFFER_BYTES_MAX = 1024 * 1024;
/** How long one turn may run when the caller names no `turnTimeoutMs`. */
export const NODE_TURN_TIMEOUT_MS = 60_000;
/** What `node_at_capacity` tells a client to wait before it tries again. */
export const NODE_AT_CAPACITY_RETRY_AFTER_MS = 1000;
/** Sessions whose highest epoch the node remembers (fencing); the oldest expired go first. */
export const NODE_EPOCHS_REMEMBERED_MAX = 200_000;
/** Shortest heartbeat interval a node keeps, whatever the coordinator or a caller asks. */
export const NODE_HEARTBEAT_MS_MIN = 10;
/** Longest heartbeat interval a node keeps, whatever the coordinator or a caller asks. */
export const NODE_HEARTBEAT_MS_MAX = 60_000;
/** First reconnect delay of the control link; doubles per failed attempt (full jitter). */
export const LINK_RETRY_BASE_MS = 100;
/** Longest reconnect delay of the control link. */
export const LINK_RETRY_MAX_MS = 5000;
/** From opening the link to `registered`, at most; then the attempt counts as failed. */
export const NODE_LINK_REGISTER_TIMEOUT_MS = 10_000;
/** A link that hears nothing (frame or WebSocket pong) for this long is presumed dead. */
export const NODE_LINK_SILENCE_MS = 15_000;
/** How often the node probes one peer to refine its network coordinate. */
export const PROBE_INTERVAL_MS = 2000;
/** A probe that has no answer within this time is dropped. */
export const PROBE_TIMEOUT_MS = 2000;
/** Dimensions of the node's Vivaldi coordinate (8-D + height: ARCHITECTURE §6). */
export const NODE_COORDINATE_DIMENSIONS = 8;
/** Over this event-loop delay the node reports itself `degraded`. */
export const NODE_EVENT_LOOP_LAG_MS_MAX = 200;
/** Window over which the event-loop delay is measured (the maximum within it). */
export const NODE_EVENT_LOOP_WINDOW_MS = 1000;
/**
 * How long close() waits for running turns to settle and their sessions to be handed back
 * before it cuts the sockets (a session cut mid-turn still resumes elsewhere from its checkpoint).
 */
export const NODE_DRAIN_MS = 2000;
/** How long `opengrid node drain` waits for every session to be handed back at most. */
export const NODE_DRAIN_TIMEOUT_MS = 120_000;
/** How often a drain checks whether sessions are left. */
export const DRAIN_POLL_MS = 20;
/**
 * How long a turn's last frame waits for the coordinator to acknowledge its checkpoint; then the
 * node hands the session back (checkpoint_unavailable) and the client resumes it elsewhere.
 */
export const CHECKPOINT_ACK_TIMEOUT_MS = 10_000;
/** How long an attach whose ticket names a checkpoint waits for it to arrive (restore frame). */
export const RESTORE_WAIT_MS = 2000;
/** How long a node keeps a restore no client attached for. */
export const RESTORE_HOLD_MS = 60_000;
/** Restores a node holds at once; the oldest goes first. */
export const RESTORES_HELD_MAX = 10_000;
/**
 * How long a session whose client socket dropped (no `close` frame) stays on the node for the
 * client to come back, before it ends as closed.
 */
export const SESSION_DETACHED_GRACE_MS = 30_000;
/** An agent bundle fetched from the coordinator must arrive within this time. */
export const NODE_ASSET_FETCH_TIMEOUT_MS = 10_000;
/** Largest settings.json a node reads from its data folder. */
export const NODE_SETTINGS_BYTES_MAX = 64 * 1024;
/** Price per session-minute a new node advertises, in euro cents. */
export const NODE_PRICE_MINOR_PER_MINUTE_DEFAULT = 1;

// --- gateway (packages/grid/src/gateway) ---
/** Largest chat completion request body the gateway reads. */
export const GATEWAY_BODY_BYTES_MAX = 1024 * 1024;
/** Most messages in one chat completion request (only the last user message becomes the turn). */
export const GATEWAY_MESSAGES_MAX = 1024;
/** Longest model name, affinity key (`user` or the x-opengrid-session header), in UTF-16 units. */
export const GATEWAY_NAME_CHARS_MAX = 256;
/** Sessions the gateway keeps open for affinity keys; the least recently used idle one goes first. */
export const GATEWAY_SESSIONS_MAX = 1024;
/** A kept session unused this long is closed. */
export const GATEWAY_SESSION_IDLE_MS = 5 * 60 * 1000;
/** How often the gateway looks for idle sessions to close. */
export const GATEWAY_SWEEP_INTERVAL_MS = 30_000;
/** Longest time from asking the coordinator for a session to the node's `attached`. */
export const GATEWAY_ATTACH_TIMEOUT_MS = 10_000;
/** Turns that may wait behind the running one on one kept session. */
export const GATEWAY_TURNS_QUEUED_MAX = 8;
/** Reply text gathered for one non-streaming completion; beyond, the turn is cancelled (`length`). */
export const GATEWAY_REPLY_CHARS_MAX = 1024 * 1024;
/** How often the gateway pings a node session socket; a ping unanswered by the next one drops it. */
export const GATEWAY_PING_INTERVAL_MS = 10_000;
/** How long a closed node session socket may take to go before it is dropped. */
export const GATEWAY_CLOSE_GRACE_MS = 2000;
/** Server-sent-event bytes waiting for a slow HTTP client; beyond, the turn is cancelled. */
export const GATEWAY_STREAM_BUFFER_BYTES_MAX = 1024 * 1024;
/** Retry-After for pushback when the coordinator named no retryAfterMs. */
export const GATEWAY_RETRY_AFTER_MS_DEFAULT = 1000;

// --- settlement (packages/grid/src/coordinator/settlement) ---
/**
 * Most receipts one earnings answer sums (the ledger's read bound); a node with more is answered
 * with `truncated: true`.
 */
export const EARNINGS_RECEIPTS_MAX = 1000;

// --- usage metering on a node (packages/grid/src/node/usage-*.ts) ---
/** How often a long session's node emits a usage proof (every period, and at its end). */
export const USAGE_INTERVAL_MS = 300_000;
/** Shortest usageIntervalMs a node accepts: a shorter period meters no whole second. */
export const USAGE_INTERVAL_MS_MIN = 1000;
/** Longest usageIntervalMs a node accepts (one usage proof meters at most a day). */
export const USAGE_INTERVAL_MS_MAX = 24 * 60 * 60 * 1000;
/** How often the node looks for usage periods that are due and proofs to resend (at most). */
export const USAGE_SWEEP_MS = 1000;
/** How long a node waits for the client to countersign a usage proof; after, it drops it. */
export const USAGE_COUNTERSIGN_TIMEOUT_MS = 1000;
/** Countersigned usage proofs a node keeps until the coordinator acknowledges them. */
export const USAGE_UNACKED_MAX = 10_000;
/** An unacknowledged usage proof is sent again after this long on a link that stayed up. */
export const USAGE_RESEND_MS = 30_000;

// --- switching coordinators, seed lists, coordinator loss (issue 6, H4) ---

/**
 * How often a node with a seed list probes the coordinators it may join (one GET /healthz to
 * each per round; the switching chooser closes a round after each). Five seconds: with
 * SWITCH_CONSECUTIVE_ROUNDS rounds a clearly closer coordinator is joined within about 15 s of
 * its first answer, and a seed list of 64 costs under 13 requests a second.
 */
export const SEED_PROBE_INTERVAL_MS = 5_000;
/** Smallest probe interval a caller may configure (tests, the devnet story). */
export const SEED_PROBE_INTERVAL_MS_MIN = 50;
/** How long one seed probe may take; a slower answer counts as no answer. */
export const SEED_PROBE_TIMEOUT_MS = 2_000;
/**
 * How long a node waits for its lost coordinator to come back before it attaches to the nearest
 * other one of its seed list. A coordinator restart (systemd, a deploy) takes a few seconds; five
 * is longer than the link's first reconnect attempts, so a plain restart does not move the node,
 * and short enough that sessions lose at most a few turns' acknowledgements.
 */
export const COORDINATOR_LOSS_GRACE_MS = 5_000;
/** Smallest grace a caller may configure (tests, the reattach benchmark). */
export const COORDINATOR_LOSS_GRACE_MS_MIN = 100;
/** The file in a node's data folder where it caches seed probes (mesh's readSeedCache format). */
export const SEED_CACHE_FILE = 'seed-cache.json';
/** Largest seed cache file read back; 64 entries of about 2 kB URLs fit well within it. */
export const SEED_CACHE_BYTES_MAX = 256 * 1024;
/**
 * WebSocket close code a node sends its old coordinator when it moves to another one: the old
 * coordinator forgets the node's sessions instead of waiting to move them (4000 is link_replaced).
 */
export const LINK_CLOSE_NODE_MOVED = 4001;
/**
 * Frames a coordinator holds on one link while it adopts a reported session from the shared
 * store (two reads, a few ms): right after registering a node reports its sessions and re-sends
 * their unacknowledged checkpoints, one of each per session. 4,096 covers a node at its session
 * slots' defaults many times over; beyond it the oldest held frames are dropped (a dropped
 * checkpoint is never acknowledged: the node hands that session back when its wait runs out).
 */
export const ADOPTION_HELD_FRAMES_MAX = 4_096;

// --- canopy + federation (coordinator/canopy/*) ---

/** How long a coordinator waits for a canopy peer to take a summary or answer a forward. */
export const CANOPY_REQUEST_TIMEOUT_MS = 3_000;
/** Neighbours a coordinator asks, best first, before it gives up on overflowing a session. */
export const CANOPY_FORWARD_TRIES = 2;
/**
 * How old a forwarded placement request may be when it arrives: a forward is answered at once,
 * so anything older than a request timeout plus clock skew is a replay.
 */
export const CANOPY_FORWARD_MAX_AGE_MS = 10_000;
/** Forward ids remembered to refuse a replayed forward (more than fit in the age window). */
export const CANOPY_FORWARDS_REMEMBERED = 65_536;
/** Largest canopy request body (a summary, or a forward wrapping an open-session request). */
export const CANOPY_BODY_BYTES_MAX = 256 * 1024;
/** Canopy peers one coordinator publishes to at most. */
export const CANOPY_PEERS_MAX = 64;

// --- colony membership over UDP (packages/grid/src/membership) ---
/**
 * How often the UDP shell ticks its SWIM member. Timers in the protocol (500 ms probe timeout,
 * 400 ms nack) are then kept to within 10 ms, at a cost of 100 cheap wake-ups a second.
 */
export const SWIM_UDP_TICK_MS = 10;
/** Bytes of the Ed25519 signature that opens every membership datagram (RFC 8032). */
export const SWIM_UDP_SIGNATURE_BYTES = 64;

// --- placement quality + lying nodes (issue 6, H5: coordinator/placement-observed.ts) ---

/** Control-link RTT samples kept per node; placement uses their minimum (queueing only adds). */
export const OBSERVED_RTT_SAMPLES = 8;
/**
 * A node's claimed coordinate is contradicted when the larger of (the coordinator's observed RTT
 * to it, the RTT its claim predicts) exceeds the smaller by more than this fraction of it (plus
 * the slack below): Vivaldi's median relative error on the WonderNetwork matrix is about 0.1, its
 * 90th percentile about 0.4 (bench/coordinates.ts, bench/placement-quality.ts), so an honest node
 * rarely comes near 1.0.
 */
export const OBSERVED_RTT_TOLERANCE = 1.0;
/** Absolute slack on the same test, in ms: queueing and scheduling on the control link. */
export const OBSERVED_RTT_SLACK_MS = 20;
/**
 * Largest error estimate of a claim the coordinator judges against its observations. A node's
 * coordinate starts at error 1.5 and reaches ~0.1–0.3 as it settles; judging it before then
 * punishes honest nodes that have not converged yet, and a node placed far from its peers by
 * such a discount converges more slowly still. A node that claims a larger error escapes the
 * check, at the price of telling clients its coordinate is not to be relied on.
 */
export const OBSERVED_CLAIM_ERROR_MAX = 0.5;
/** Fewest observations before the coordinator fits its own coordinate from them. */
export const OBSERVER_FIT_SAMPLES_MIN = 3;
/** Most observations one fit of the coordinator's own coordinate uses (in slot order). */
export const OBSERVER_FIT_SAMPLES_MAX = 64;
/** Least capacity a refusal can cap a class at: one session, so a node can always prove more. */
export const CAPACITY_CAP_FLOOR = 1;
/**
 * Observations between refits of the coordinator's own coordinate (when it was not set): with
 * one ping per node per heartbeat, a few times a minute for a colony of a hundred nodes.
 */
export const OBSERVER_REFIT_OBSERVATIONS = 256;
/**
 * In a large table, observations per node between refits instead: a refit costs about
 * 2 × OBSERVER_FIT_SAMPLES_MAX × 200 Vivaldi steps (a few ms), so with one ping per node per
 * heartbeat it runs about once per ten heartbeats however many nodes there are.
 */
export const OBSERVER_REFIT_ROUNDS = 10;
