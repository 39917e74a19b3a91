/**
 * Every bound MMP Core enforces, in one place. Units are the last word of each name.
 * Coordinates travel between nodes, so the coordinate bounds are protocol: changing one changes
 * which coordinates a peer accepts.
 */

// --- network coordinates (vivaldi.ts, coordinate-fit.ts) ---

/** Fewest dimensions of a coordinate's Euclidean part. */
export const COORDINATE_DIMENSIONS_MIN = 1;
/** Most dimensions of a coordinate's Euclidean part (Dabek et al. found little gain past 5). */
export const COORDINATE_DIMENSIONS_MAX = 16;
/** Largest absolute value of one Euclidean component: a minute, far beyond any real RTT. */
export const COORDINATE_COMPONENT_MS_MAX = 60_000;
/** Smallest height; heights are kept at or above it so that every distance stays positive. */
export const COORDINATE_HEIGHT_MS_MIN = 0.01;
/** Largest height (the access-link delay of a node), like the component bound. */
export const COORDINATE_HEIGHT_MS_MAX = 60_000;
/** Smallest error estimate; above zero so that the sample weight el / (el + er) is defined. */
export const COORDINATE_ERROR_MIN = 0.001;
/** Largest error estimate, and the error a new coordinate starts with (as in HashiCorp serf). */
export const COORDINATE_ERROR_MAX = 1.5;
/** Euclidean parts closer than this are treated as one point: the direction comes from a seed. */
export const COORDINATE_COINCIDENT_MS = 1e-6;
/** Largest RTT sample accepted; a longer one is a stalled peer, not a distance. */
export const RTT_SAMPLE_MS_MAX = 10_000;

/** Vivaldi's constant cc: the fraction of the way a node moves towards its ideal position. */
export const VIVALDI_MOVE_FRACTION = 0.25;
/** Vivaldi's constant ce: the weight of a new sample in the moving average of the error. */
export const VIVALDI_ERROR_FRACTION = 0.25;

/** Most samples one fit uses (a client probes a few landmarks, not the network). */
export const COORDINATE_FIT_SAMPLES_MAX = 256;
/**
 * Passes over the samples a fit makes unless told otherwise. On an exact 2-D space 200 passes fit
 * every sample to within 1 %; on the WonderNetwork data nothing improves past about 20.
 */
export const COORDINATE_FIT_PASSES_DEFAULT = 200;
/** Most passes a caller may ask one fit to make (with the most samples: 256,000 updates). */
export const COORDINATE_FIT_PASSES_MAX = 1_000;

// --- coordinate client: latency filter, gravity, peers (coordinate-client.ts, latency-filter.ts) ---

/**
 * RTT samples per peer the latency filter keeps; the client moves by their median (Ledlie,
 * Gardner, Seltzer, "Network Coordinates in the Wild", NSDI 2007: a short moving-percentile
 * window drops the outliers a busy peer or a queue produces). Nine is measured: on the Seattle
 * time series (end-user devices, 688 slices) the median relative error against the median
 * matrix is 0.74 with no filter and 0.56 / 0.47 / 0.38 / 0.29 with 3 / 5 / 9 / 15 samples
 * (bench/coordinates.ts, 8-D). A longer window follows a lasting route change later (after
 * half a window of samples of that peer); nine is the middle ground. Odd: the median is a sample.
 */
export const COORDINATE_FILTER_SAMPLES = 9;
/** Most samples a caller may ask a filter to keep: a longer window reacts to a route change late. */
export const COORDINATE_FILTER_SAMPLES_MAX = 32;
/**
 * Gravity's rho (Ledlie et al.): each update pulls the Euclidean part (‖x‖ / rho)² ms towards
 * the origin, so that the whole system does not drift away over months. At 500 ms the pull on a
 * point 100 ms out is 0.04 ms per update, far below what the springs move it, while a point
 * drifting to a few seconds is pulled back within a handful of updates.
 */
export const COORDINATE_GRAVITY_RHO_MS = 500;
/** Smallest rho a caller may choose: below it gravity fights the real spread of Internet RTTs. */
export const COORDINATE_GRAVITY_RHO_MS_MIN = 50;
/** Most peers a client keeps a filter for; the least recently heard one is forgotten first. */
export const COORDINATE_CLIENT_PEERS_MAX = 1024;
/** Longest peer id a client accepts (a did:key is about 56 characters). */
export const COORDINATE_PEER_ID_CHARS_MAX = 256;

// --- measured latency matrices (latency-matrix.ts) ---

/** Most cities in one latency matrix (the WonderNetwork 2018 matrix has 242). */
export const LATENCY_MATRIX_CITIES_MAX = 1_024;
/** Longest matrix or cities text parsed, in UTF-16 code units. */
export const LATENCY_MATRIX_TEXT_CHARS_MAX = 32 * 1024 * 1024;
/** Longest city name. */
export const CITY_NAME_CHARS_MAX = 128;

// --- emulated network (latency-emulation.ts) ---

/**
 * Signal speed used to estimate a pair the matrix lacks: about 2/3 of c, light in optical fibre
 * (299,792.458 km/s × 2/3 ≈ 199.86 km/ms).
 */
export const EMULATION_FIBRE_KM_PER_MS = 199.86;
/**
 * One-way delay added to the fibre time of an estimated pair: routing detours, queues and access
 * links. Half the 31.3 ms intercept of the least-squares fit RTT ≈ 31.3 ms + 0.0174 ms/km × distance
 * over the WonderNetwork 2018 matrix (data/wondernetwork-2018/README.md).
 */
export const EMULATION_ONE_WAY_OVERHEAD_MS = 15.65;

// --- switching: choosing a coordinator (switching/*.ts) ---

/**
 * A candidate coordinator must be below this fraction of the current one's median RTT to count
 * as clearly closer (ARCHITECTURE §6: "below 0.8x for several probes"). Median RTTs of one path
 * measured a few seconds apart rarely differ by more than 10 %; 0.8 leaves that margin twice.
 */
export const SWITCH_RTT_RATIO = 0.8;
/** Rounds in a row the same candidate must be clearly closer before the node moves to it. */
export const SWITCH_CONSECUTIVE_ROUNDS = 3;
/**
 * After a switch (or a re-attach after a coordinator died) the node stays put this long whatever
 * it measures: one move per minute at most, so a route flapping between two paths cannot make
 * the node flap with it. Registration, session reports and peer lists cost every coordinator
 * work; a minute keeps that work below one registration per node per minute.
 */
export const SWITCH_HOLD_DOWN_MS = 60_000;
/** Smallest hold-down a caller may configure (tests, the devnet story): one second. */
export const SWITCH_HOLD_DOWN_MS_MIN = 1_000;
/** Largest hold-down a caller may configure: a day. */
export const SWITCH_HOLD_DOWN_MS_MAX = 86_400_000;
/**
 * RTT samples kept per coordinator; rounds compare their medians. Five, like the coordinate
 * filter: two slow replies out of five do not move the median.
 */
export const SWITCH_SAMPLES_KEPT = 5;
/** Samples a coordinator needs before its median counts (a single probe decides nothing). */
export const SWITCH_SAMPLES_MIN = 3;
/**
 * Most coordinators one chooser or seed list tracks: a seed list is a handful of root hints and a
 * canopy a region's coordinators; 64 bounds the memory and each round's work.
 */
export const SWITCH_COORDINATORS_MAX = 64;
/**
 * How long a cached probe result ranks a seed before the seed is probed again: an hour. A node
 * restarting within the hour attaches to the coordinator it measured nearest without waiting for
 * new probes; later ones probe first.
 */
export const SEED_CACHE_EXPIRY_MS = 3_600_000;
/** Longest coordinator URL in a seed list or cache. */
export const SEED_URL_CHARS_MAX = 2_048;

// --- membership (swim/) ---

/**
 * How often a member probes one other member when its local health is perfect: HashiCorp
 * memberlist's LAN default. Lifeguard multiplies it by (local health + 1).
 */
export const SWIM_PROBE_INTERVAL_MS_DEFAULT = 1_000;
/** How long a direct ping waits for its ack before indirect probes start (memberlist LAN). */
export const SWIM_PROBE_TIMEOUT_MS_DEFAULT = 500;
/** Members asked to ping a silent target on the prober's behalf: SWIM's k (memberlist: 3). */
export const SWIM_INDIRECT_PROBES_DEFAULT = 3;
/** Most indirect probes a configuration may ask for; past a handful they only add traffic. */
export const SWIM_INDIRECT_PROBES_MAX = 16;
/**
 * α of the suspicion timeout: minimum = α · max(1, log10 n) · probe interval (memberlist LAN: 4).
 * Lifeguard also expects α − 2 independent confirmations before the timeout reaches its minimum.
 */
export const SWIM_SUSPICION_MULTIPLIER_DEFAULT = 4;
/** β of Lifeguard's dynamic suspicion timeout: it starts at β × the minimum (memberlist: 6). */
export const SWIM_SUSPICION_MAX_MULTIPLIER_DEFAULT = 6;
/** λ of dissemination: each update is piggybacked λ · ⌈log10(n + 1)⌉ times (memberlist: 4). */
export const SWIM_RETRANSMIT_MULTIPLIER_DEFAULT = 4;
/** Highest Lifeguard local health multiplier (memberlist's awareness maximum: 8). */
export const SWIM_LOCAL_HEALTH_MAX = 8;
/** A relay sends its nack when this fraction of its probe timeout has passed without an ack. */
export const SWIM_NACK_TIMEOUT_FRACTION = 0.8;
/** Shortest probe interval or timeout accepted in a configuration, in ms. */
export const SWIM_TIMER_MS_MIN = 1;
/** Longest probe interval, timeout or anti-entropy interval accepted in a configuration: an hour. */
export const SWIM_TIMER_MS_MAX = 3_600_000;
/**
 * Membership updates piggybacked on one message. Six updates of ~190 bytes (a did:key id, a
 * loopback address, a suspecter) keep a message under SWIM_MESSAGE_BYTES_MAX.
 */
export const SWIM_PIGGYBACK_UPDATES_MAX = 6;
/** Members listed in one anti-entropy (sync) message: the same byte budget as the piggyback. */
export const SWIM_SYNC_MEMBERS_MAX = 6;
/** How often a member sends a sync of a few random view entries to a random member. */
export const SWIM_SYNC_INTERVAL_MS_DEFAULT = 5_000;
/**
 * Largest message in bytes: an Ethernet MTU minus IP and UDP headers, with room for the 64-byte
 * signature the UDP shell prepends (memberlist keeps its UDP packets under 1,400 bytes too).
 */
export const SWIM_MESSAGE_BYTES_MAX = 1_400;
/** Longest member id (a did:key of an Ed25519 key has 56 characters). */
export const SWIM_ID_CHARS_MAX = 128;
/** Longest member address (opaque to the protocol; `host:port` for the UDP shell). */
export const SWIM_ADDRESS_CHARS_MAX = 256;
/** Members one view holds at most; news of a further member is refused (`swim_view_full`). */
export const SWIM_MEMBERS_MAX = 1_000_000;
/** Updates waiting for dissemination at most; past it the most retransmitted ones are dropped. */
export const SWIM_BROADCAST_QUEUE_MAX = 4_096;
/** Indirect probes a member runs for others at once; more requests are refused. */
export const SWIM_RELAYS_PENDING_MAX = 256;
/** How long a dead or departed member stays in the view (memberlist's GossipToTheDeadTime). */
export const SWIM_DEAD_RETAIN_MS_DEFAULT = 30_000;
/** Largest incarnation or sequence number: integers stay exact in a JavaScript number. */
export const SWIM_COUNTER_MAX = Number.MAX_SAFE_INTEGER;

// --- canopy + federation (canopy/*, federation/*) ---

/**
 * How often a coordinator publishes its signed summary to each canopy peer. Capacity changes
 * within seconds but a neighbour only needs it to pick where to overflow, so two seconds keeps a
 * canopy of 100 coordinators under 50 summaries a second at any one of them.
 */
export const CANOPY_SUMMARY_INTERVAL_MS = 2_000;
/**
 * A receiver accepts a peer's summaries at most this often: half the publishing interval, so that
 * timer jitter and reordering never refuse an honest peer while a flood is cut to twice the rate.
 */
export const CANOPY_SUMMARY_MIN_GAP_MS = CANOPY_SUMMARY_INTERVAL_MS / 2;
/** A summary older than this (ten intervals missed) says nothing about capacity now. */
export const CANOPY_SUMMARY_MAX_AGE_MS = 20_000;
/** How far in the future a summary's issuedAtMs may be: the clock skew tolerated between peers. */
export const CANOPY_CLOCK_SKEW_MS = 5_000;
/** Coordinators a summary book holds at most (a canopy is a region's coordinators, not a grid). */
export const CANOPY_BOOK_ENTRIES_MAX = 1_024;
/** Latency classes a summary lists at most (OpenGrid has four). */
export const CANOPY_CLASSES_MAX = 8;
/** Longest latency class name. */
export const CANOPY_CLASS_CHARS_MAX = 32;
/** Largest slot count per class a summary may claim (a colony of 100,000 nodes × 1,000 slots). */
export const CANOPY_SLOTS_MAX = 100_000_000;
/** Warm agents a summary lists at most: the most-used ones, enough to prefer a warm neighbour. */
export const CANOPY_WARM_AGENTS_MAX = 64;
/** Longest agent reference in a summary (a name@version or a sha256 asset id). */
export const CANOPY_AGENT_CHARS_MAX = 128;
/** Price bands (one per currency) a summary lists at most. */
export const CANOPY_PRICE_BANDS_MAX = 8;
/** Most decimal digits of a price in minor units (as the kernel's amounts). */
export const CANOPY_PRICE_DIGITS_MAX = 30;
/** Longest URL a summary names for its coordinator. */
export const CANOPY_URL_CHARS_MAX = 2_048;
/** Largest sequence number: integers stay exact in a JavaScript number. */
export const CANOPY_SEQ_MAX = Number.MAX_SAFE_INTEGER;
/**
 * The advantage, in ms of predicted RTT, of a neighbour that has the agent warm when choosing
 * where to overflow: about a cold start of a small agent, so a warm neighbour wins unless a cold
 * one is clearly closer.
 */
export const CANOPY_WARM_BONUS_MS = 20;
/** Treaties one treaty book holds at most (current ones, one per federation pair). */
export const TREATY_BOOK_PAIRS_MAX = 1_024;
/** Superseded treaty ids remembered per federation pair, so a replay of one is recognised. */
export const TREATY_SUPERSEDED_KEPT = 32;
/** Longest coordinator did in a summary (a did:key has under 60 characters; other methods more). */
export const CANOPY_DID_CHARS_MAX = 512;
/** Longest signature key id (`<did>#<fingerprint>`) in a canopy object. */
export const CANOPY_KID_CHARS_MAX = 1_024;
/** Longest signature text: 64 bytes in unpadded base64url are 86 characters. */
export const CANOPY_SIGNATURE_CHARS_MAX = 86;

/**
 * Departed members a SWIM view skips over before it compacts its queue of them: compacting is a
 * copy, so it waits until the skipped head is both this long and half the queue.
 */
export const SWIM_DEPARTED_COMPACT_MIN = 1_024;
