/**
 * Every bound of the simulator, named once. The grid's own bounds (heartbeat interval, failure
 * confirmation, migration budget, checkpoint ack timeout...) are not repeated here: the simulated
 * shells read them from gridLimits, as the real shells do. What is here shapes the simulated
 * world: its size, its network, its clients, its agent and the faults it suffers.
 */

// --- the run ---
/** Nodes when --nodes is not given. */
export const NODES_DEFAULT = 100;
/** Concurrent clients (each opens one session after another) when --sessions is not given. */
export const SESSIONS_DEFAULT = 1_000;
/** Steps (events run) when --steps is not given. */
export const STEPS_DEFAULT = 100_000;
/** Most nodes one run may have. */
export const NODES_MAX = 2_000;
/** Most concurrent clients one run may have. */
export const SESSIONS_MAX = 20_000;
/** Most steps one run may take. */
export const STEPS_MAX = 50_000_000;
/** Largest seed accepted (seeds are exact integers). */
export const SEED_MAX = Number.MAX_SAFE_INTEGER;
/** Seeds the command line draws for a run without --seed stay below this (short to type back). */
export const DRAWN_SEED_LIMIT = 2 ** 31;
/** The virtual clock at step 0 (2026-01-01T00:00:00Z): tickets carry real-looking times. */
export const CLOCK_START_MS = 1_767_225_600_000;
/** The grid name the coordinator signs tickets for and nodes register with. */
export const GRID_NAME = 'simgrid';
/** Lines of the trace kept to print when a run fails. */
export const TRACE_TAIL_LINES = 25;
/** Steps between two checks of every session (the others check only what a step touched). */
export const FULL_CHECK_INTERVAL_STEPS = 2_000;

// --- the network ---
/** Shortest one-way latency between an actor and the rest of the world. */
export const ONE_WAY_MS_MIN = 1;
/** Longest one-way latency between an actor and the rest of the world. */
export const ONE_WAY_MS_MAX = 40;
/** Most random jitter added to one message's latency. */
export const JITTER_MS_MAX = 10;
/** Longest time before the far end of a broken connection notices. */
export const CLOSE_NOTICE_MS_MAX = 200;
/** A partition at least this long breaks the partitioned actor's connections (TCP gives up). */
export const PARTITION_BREAKS_AFTER_MS = 10_000;

// --- the coordinator's durable store ---
/** Shortest time a checkpoint write takes before it is durable. */
export const STORE_WRITE_MS_MIN = 0;
/** Longest time a checkpoint write takes before it is durable. */
export const STORE_WRITE_MS_MAX = 6;
/** Chance (percent) that a write in flight when the coordinator crashed had committed. */
export const STORE_WRITE_SURVIVES_CRASH_PERCENT = 50;

// --- the test agent ---
/** Most chunks one turn of the test agent produces. */
export const AGENT_CHUNKS_MAX = 4;
/** Shortest pause before each chunk and before the end of a turn. */
export const AGENT_STEP_MS_MIN = 1;
/** Longest pause before each chunk and before the end of a turn. */
export const AGENT_STEP_MS_MAX = 60;
/** Share of turns (percent) that are slow: each pause up to AGENT_SLOW_STEP_MS_MAX. */
export const AGENT_SLOW_PERCENT = 20;
/** Longest pause before each chunk and before the end of a slow turn. */
export const AGENT_SLOW_STEP_MS_MAX = 1_500;
/** Longest time the agent's init takes on a node. */
export const AGENT_INIT_MS_MAX = 5;
/** How soon an aborted turn's run ends after the abort. */
export const AGENT_ABORT_MS = 1;
/** Share of turns (percent) whose input asks the agent to fail after its first chunk. */
export const TURN_FAIL_PERCENT = 5;

// --- nodes ---
/** Fewest interactive slots a node declares. */
export const NODE_SLOTS_MIN = 4;
/** Node slots over all nodes, as a multiple of the concurrent clients (room to move sessions). */
export const NODE_SLOTS_PER_CLIENT = 3;
/** How far (percent) one node's slots are drawn from the average, either way. */
export const NODE_SLOTS_SPREAD_PERCENT = 50;
/** Spread of node start times at the beginning of a run. */
export const NODE_START_SPREAD_MS = 500;

// --- clients ---
/** Spread of the clients' first session opens (after the nodes had time to register). */
export const CLIENT_START_SPREAD_MS = 5_000;
/** When the first client may open: the nodes have registered by then. */
export const CLIENT_START_AFTER_MS = 1_500;
/** Shortest pause between a turn's end and the next turn. */
export const CLIENT_THINK_MS_MIN = 50;
/** Longest pause between a turn's end and the next turn. */
export const CLIENT_THINK_MS_MAX = 6_000;
/** Share of turns (percent) sent together with the next one (the second waits in the queue). */
export const CLIENT_BURST_PERCENT = 10;
/** Fewest turns one session runs before its client closes it. */
export const SESSION_TURNS_MIN = 1;
/** Most turns one session runs before its client closes it. */
export const SESSION_TURNS_MAX = 24;
/** Shortest pause between one session's end and the client's next open. */
export const CLIENT_IDLE_MS_MIN = 100;
/** Longest pause between one session's end and the client's next open. */
export const CLIENT_IDLE_MS_MAX = 5_000;
/** Turns that may wait behind the running one (the SDK's TURNS_QUEUED_MAX). */
export const CLIENT_TURNS_QUEUED_MAX = 16;
/** How often a client pings its node; a ping unanswered by the next one drops the socket. */
export const CLIENT_PING_INTERVAL_MS = 4_000;
/** Bound on one resume, from losing the node to attached again (the SDK's RESUME_TIMEOUT_MS). */
export const CLIENT_RESUME_TIMEOUT_MS = 30_000;
/** First pause between resume requests without a retryAfterMs; it doubles. */
export const CLIENT_RESUME_RETRY_BASE_MS = 100;
/** Longest pause between two resume requests. */
export const CLIENT_RESUME_RETRY_MAX_MS = 2_000;
/** Attempts at opening one session (the first included) when the grid pushes back. */
export const CLIENT_OPEN_ATTEMPTS = 4;
/** First pause between open attempts without a retryAfterMs; it doubles. */
export const CLIENT_OPEN_RETRY_BASE_MS = 100;
/** Longest pause between two open attempts. */
export const CLIENT_OPEN_RETRY_MAX_MS = 2_000;
/** Bound on an open, from the request to attached (the SDK's OPEN_SESSION_TIMEOUT_MS). */
export const CLIENT_OPEN_TIMEOUT_MS = 15_000;
/** How long a close waits for the node's `closed` before dropping the socket. */
export const CLIENT_CLOSE_TIMEOUT_MS = 2_000;

// --- faults ---
/** Most faults of all kinds one run injects. */
export const FAULTS_MAX = 60;
/** Shortest pause between two faults. */
export const FAULT_GAP_MS_MIN = 200;
/** Longest pause between two faults. */
export const FAULT_GAP_MS_MAX = 4_000;
/** Most coordinator restarts one run injects. */
export const COORDINATOR_RESTARTS_MAX = 3;
/** Shortest time a crashed coordinator stays down. */
export const COORDINATOR_DOWN_MS_MIN = 100;
/** Longest time a crashed coordinator stays down. */
export const COORDINATOR_DOWN_MS_MAX = 8_000;
/** Shortest time a crashed node stays down. */
export const NODE_DOWN_MS_MIN = 50;
/** Longest time a crashed node stays down. */
export const NODE_DOWN_MS_MAX = 20_000;
/** Shortest partition of one node. */
export const PARTITION_MS_MIN = 100;
/** Longest partition of one node (long enough to be confirmed failed and fenced off). */
export const PARTITION_MS_MAX = 25_000;
/** Shortest delay spike. */
export const SPIKE_MS_MIN = 100;
/** Longest delay spike. */
export const SPIKE_MS_MAX = 5_000;
/** Least latency a spike adds to every message of the actor it hits. */
export const SPIKE_EXTRA_MS_MIN = 50;
/** Most latency a spike adds to every message of the actor it hits. */
export const SPIKE_EXTRA_MS_MAX = 3_000;
/** Share of nodes (percent) that may be crashed or partitioned at once. */
export const NODES_IMPAIRED_PERCENT_MAX = 30;

/** Placements timed per colony in the scale simulation (coordinator-tables.ts). */
export const SCALE_PLACEMENTS_PER_COLONY = 50;
/** Placements timed against one flat table of every node in the scale simulation. */
export const SCALE_PLACEMENTS_FLAT = 200;
