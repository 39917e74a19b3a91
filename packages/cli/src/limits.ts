/** Every bound the CLI and the log service enforce. Units are the last word of each name. */
import { limits } from '@mycel/kernel';
import { contractStoreLimits, storeLimits, vaultLimits } from '@mycel/store';

/** Largest request body the log service reads; larger proofs are refused with 413 proof_oversize. */
export const HTTP_BODY_BYTES_MAX = limits.PROOF_BYTES_MAX;
/** Largest file the CLI reads as a proof, answer, checkpoint or trust document. */
export const INPUT_FILE_BYTES_MAX = limits.DOCUMENT_BYTES_MAX;
/** Seconds a client is told to wait (Retry-After) when the write queue pushes back (503). */
export const PUSHBACK_RETRY_AFTER_SECONDS = 1;
/** Most entries one GET /v1/entries returns. */
export const HTTP_ENTRIES_PER_PAGE_MAX = 100;
/** How long the service waits for in-flight requests when asked to stop. */
export const SHUTDOWN_GRACE_MS = 5_000;
/** Signed sample proofs the devnet logs when it starts. */
export const DEVNET_SAMPLE_PROOFS = 3;
/** Default port of `mycel log serve` and of the devnet. */
export const LOG_SERVICE_PORT_DEFAULT = 7700;

// --- opengrid ---
/** Highest TCP port. */
export const PORT_MAX = 65_535;
/** Longest interval `opengrid node start` takes for --heartbeat-ms and --probe-interval-ms. */
export const OPTION_INTERVAL_MS_MAX = 3_600_000;
/** Default port of `opengrid coordinator start` (the SDK's default coordinator address). */
export const COORDINATOR_PORT_DEFAULT = 7800;
/** How long the devnet waits for one child service to print its ready line. */
export const DEVNET_SERVICE_READY_MS = 60_000;
/** How long the devnet waits for its nodes to register with the coordinator. */
export const DEVNET_REGISTRATION_MS = 60_000;
/**
 * The devnet's nodes time a peer this often (a real node: every 2 s), so that their network
 * coordinates settle in seconds rather than minutes.
 */
export const DEVNET_PROBE_INTERVAL_MS = 50;
/**
 * Most time the nodes get to settle their coordinates before the demo clients arrive. The wait
 * ends as soon as they settle (seconds on an idle machine); on a loaded one, placing sessions on
 * unsettled coordinates sends them to far nodes, so the bound is generous.
 */
export const DEVNET_COORDINATE_WARMUP_MS = 45_000;
/** Coordinates have settled when every node's Vivaldi error estimate is below this. */
export const DEVNET_COORDINATE_ERROR_SETTLED = 0.25;
/** Grace a child gets after SIGTERM before SIGKILL. */
export const DEVNET_STOP_GRACE_MS = 5_000;
/** Lines of a child's stderr kept to explain a failure. */
export const DEVNET_STDERR_LINES_KEPT = 40;
/** Turns each demo client runs before the devnet kills a node. */
export const DEVNET_TURNS_PER_CLIENT = 3;
/**
 * Turns each demo client runs after the first DEVNET_TURNS_PER_CLIENT; the node kill lands in the
 * first of them (mid-turn), and the rest show the moved sessions going on. --no-kill runs them too,
 * so both summaries count the same turns.
 */
export const DEVNET_TURNS_AFTER_KILL = 3;
/**
 * Longest the devnet waits, in the turn it kills a node in, for a session on that node to stream
 * its first chunk, so that the kill lands mid-turn; past it the node is killed anyway.
 */
export const DEVNET_KILL_CHUNK_WAIT_MS = 5_000;
/** First-chunk times each devnet client keeps (the live devnet runs turns without end). */
export const DEVNET_FIRST_CHUNKS_KEPT = 100;
/** How often the live devnet prints its summary and each client runs another turn. */
export const DEVNET_LIVE_INTERVAL_MS = 5_000;
/** How long `opengrid agent publish` waits for the coordinator to take the bundle. */
export const AGENT_PUBLISH_TIMEOUT_MS = 30_000;
/** Workers (inference child processes) the devnet gives each node: 2 cores host every process. */
export const DEVNET_WORKERS_PER_NODE = 1;

/** Longest drain an operator may ask `opengrid node drain` to wait for. */
export const DRAIN_TIMEOUT_MS_MAX = 60 * 60 * 1000;
/** How much longer than the drain itself the CLI waits for the node's answer. */
export const DRAIN_ANSWER_SLACK_MS = 5000;
/** Longest health-probe timeout or failure confirmation an operator may set on a coordinator. */
export const DETECTION_MS_MAX = 10 * 60 * 1000;
/** Families that co-own the devnet's community node (issue 5: a NodeCo of 40 owners). */
export const DEVNET_NODECO_OWNERS = 40;
/** How long the devnet waits, after its sessions closed, for their fees to be minted. */
export const DEVNET_SETTLEMENT_WAIT_MS = 15_000;
/** Fees count as settled when no new receipt has appeared for this long. */
export const DEVNET_SETTLED_QUIET_MS = 1_500;
/** Devnet nodes prove usage this often, so fees show while sessions are still open. */
export const DEVNET_USAGE_INTERVAL_MS = 5_000;
/** The devnet's price: one rupee (100 paise) per second, so 40 owners' parts are visible. */
export const DEVNET_PRICE_MINOR = '100';

// --- mycel ledger and mycel nodeco (packages/cli/src/ledger) ---
/** Most rows one `mycel ledger history` or `receipts` prints: what one store read returns. */
export const LEDGER_ROWS_PER_READ_MAX = storeLimits.LEDGER_READ_ROWS_MAX;
/** Rows `mycel ledger history` and `receipts` print when --limit is not given. */
export const LEDGER_ROWS_DEFAULT = 100;
/** How long `mycel nodeco` waits for one coordinator answer. */
export const COORDINATOR_REQUEST_TIMEOUT_MS = 30_000;

// --- the devnet's switching story (devnet/madurai-story.ts; issue 6, H4) ---

/** How often the story's node probes its two coordinators: ten rounds in five seconds. */
export const STORY_SEED_PROBE_INTERVAL_MS = 500;
/** The story's hold-down: short enough to show, long enough that it is the rule that holds. */
export const STORY_SWITCH_HOLD_DOWN_MS = 5_000;
/** The story's loss grace (unused by the switch; the node's default would be 5 s too). */
export const STORY_LOSS_GRACE_MS = 2_000;
/**
 * The bound the story holds the switch to, from the Chennai coordinator's ready line to the node
 * registered there: three probe rounds (1.5 s) plus registration, with room for a loaded machine.
 */
export const STORY_SWITCH_MS_MAX = 30_000;

// --- evidence vault routes of the log service (server/evidence-routes.ts; issue 7, item 5) ---
/** Largest evidence one POST /v1/evidence takes: the vault's own bound, so it decides alone. */
export const HTTP_EVIDENCE_BYTES_MAX = vaultLimits.EVIDENCE_BYTES_MAX;
/** Largest challenge or disclosure request body: one signed kernel document. */
export const HTTP_EVIDENCE_DOCUMENT_BYTES_MAX = limits.DOCUMENT_BYTES_MAX;
/** Most disclosure log entries one GET /v1/evidence/:digest/disclosures returns. */
export const HTTP_DISCLOSURES_PER_PAGE_MAX = vaultLimits.DISCLOSURE_LOG_PAGE_MAX;

// --- the devnet's producer federation (devnet/producer; issue 8, item 6) ---
/** The simulated day the microgrids produce on: an equinox, so the sun is up twelve hours. */
export const PRODUCER_DAY = '2026-03-20';
/** Hours of the solar day before the contract: the morning that builds each track record. */
export const PRODUCER_MORNING_FIRST_HOUR = 6;
export const PRODUCER_MORNING_HOURS = 4;
/** Hours produced under the contract, from the end of the morning. */
export const PRODUCER_CONTRACT_HOURS = 8;
/** The inflating microgrid reports this many times the energy its inverter exported. */
export const PRODUCER_CHEAT_INFLATION = 1.3;
/** Rated AC power of each microgrid's inverter, W. */
export const PRODUCER_RATED_AC_W = 50_000;
/** Households owning the community microgrid (70 % of every receipt goes to them). */
export const PRODUCER_OWNERS = 12;
/** The buyer searches this far around its own site, km. */
export const PRODUCER_SEARCH_RADIUS_KM = 50;
/** The buyer pays at most this per kWh, in paise (INR minor units). */
export const PRODUCER_PRICE_MAX_MINOR = '900';
/** The honest microgrid's advertised and contracted price per kWh, paise. */
export const PRODUCER_PRICE_MINOR = '800';
/** The cheating microgrid undercuts it, as cheats do. */
export const PRODUCER_CHEAT_PRICE_MINOR = '650';
/** How long after a verification the buyer may still dispute it (simulated time). */
export const PRODUCER_CHALLENGE_WINDOW_MS = 2 * 3_600_000;
/** Adverts stay in force this long after the day. */
export const PRODUCER_ADVERT_VALIDITY_MS = 30 * 86_400_000;

// --- registry and contract routes of the log service (server/registry-routes.ts,
// server/contract-routes.ts; issue 8, CLI and API) ---
/** Largest body one POST /v1/registry/adverts reads: one signed kernel document. */
export const HTTP_ADVERT_BYTES_MAX = limits.DOCUMENT_BYTES_MAX;
/** Largest body one POST /v1/contracts/events reads: the contract store's own bound on an event. */
export const HTTP_CONTRACT_EVENT_BYTES_MAX = contractStoreLimits.CONTRACT_EVENT_BYTES_MAX;
/** The buyer's search asks this least mean confidence of a producer's accepted proofs. */
export const PRODUCER_BUYER_MIN_CONFIDENCE = 0.9;
/** How many of a refused proof's most damning MIP checks its reasons name. */
export const PRODUCER_REASON_CHECKS_MAX = 2;
/** Kinds of refusal reason the summary shows per producer. */
export const PRODUCER_REASONS_SHOWN = 5;
/** The federation's vaults keep raw evidence this many days (its pack's evidence section). */
export const PRODUCER_EVIDENCE_RETENTION_DAYS = 90;
/** The longest a challenge of the federation may stay open (its pack's challengeTtlMsMax). */
export const PRODUCER_CHALLENGE_TTL_MS = 7 * 86_400_000;
/** An audit starts this long after the hour it audits ends (after its verification). */
export const PRODUCER_AUDIT_DELAY_MS = 5 * 60_000;
/** How long an audit's challenge stays open: well inside PRODUCER_CHALLENGE_TTL_MS. */
export const PRODUCER_AUDIT_CHALLENGE_TTL_MS = 24 * 3_600_000;
/** The buyer disputes its peak hour this long after the milestone was decided. */
export const PRODUCER_DISPUTE_AFTER_MS = 30 * 60_000;
/** The dispute authority resolves this long after the dispute, once the audit is in. */
export const PRODUCER_RESOLVE_AFTER_MS = 30 * 60_000;
