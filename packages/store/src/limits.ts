/** Every bound the store enforces. Units are the last word of each name. */
import { limits as kernelLimits } from '@mycel/kernel';

/** Most proofs one group commit writes in one transaction (one fsync). */
export const APPEND_BATCH_ENTRIES_MAX = 1024;
/** Most entries one read returns; callers page through longer ranges. */
export const READ_ENTRIES_MAX = 1000;
/** Recently written and upper-level Merkle nodes kept in memory to serve proofs without a read. */
export const NODE_CACHE_ENTRIES_MAX = 1 << 17;
/** Nodes at this level and above are cached for good: there are few of them (size / 2^level). */
export const NODE_CACHE_PINNED_LEVEL_MIN = 8;
/** How long SQLite waits for another connection's write lock before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;
/** Connections the PostgreSQL driver opens at most. */
export const POSTGRES_POOL_CONNECTIONS_MAX = 4;
/** How long the PostgreSQL driver waits to connect before reporting the database unavailable. */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;
/** Proofs waiting for the next group commit before new submissions are pushed back. */
export const APPEND_QUEUE_ENTRIES_MAX = 16_384;
/**
 * Largest session checkpoint, in bytes of the canonical JSON of its body (state and the last
 * turn's output included). The same bound, measured the same way, as the wire's
 * SESSION_CHECKPOINT_BYTES_MAX: the store cannot import wire (the package graph), so a checkpoint
 * the wire accepts is never refused here.
 */
export const SESSION_CHECKPOINT_BYTES_MAX = 256 * 1024;
/** Longest PostgreSQL schema name: PostgreSQL cuts identifiers at NAMEDATALEN - 1 bytes. */
export const POSTGRES_SCHEMA_NAME_CHARS_MAX = 63;

// The ledger (ledger/ledger-store.ts).
/**
 * Longest transfer amount, in decimal digits of minor units: the kernel's bound (10^38 - 1 stays
 * below 2^128). SQLite's INTEGER is a signed 64-bit number, too small for it, so the SQLite driver
 * stores amounts and balances as decimal text and adds them in JavaScript bigint inside the
 * transaction; PostgreSQL stores them as NUMERIC(38,0). Both are exact over the whole range.
 */
export const LEDGER_AMOUNT_MINOR_DIGITS_MAX = kernelLimits.AMOUNT_MINOR_DIGITS_MAX;
/**
 * Largest magnitude of a balance, in decimal digits of minor units: NUMERIC(38,0) in PostgreSQL.
 * A batch that would take a balance beyond ±(10^38 - 1) is ledger_balance_out_of_range.
 */
export const LEDGER_BALANCE_MINOR_DIGITS_MAX = 38;
/** Most receipts one mintMany call mints in its one transaction. */
export const LEDGER_MINT_BATCH_RECEIPTS_MAX = 1024;
/** Most transfers one receipt mints: two per split party (an owner who also operates) with room. */
export const LEDGER_MINT_TRANSFERS_MAX = 4 * kernelLimits.SPLIT_PARTIES_MAX;
/** Most transfers one deposit posts. */
export const LEDGER_DEPOSIT_TRANSFERS_MAX = 1024;
/** Most rows one read (history, transfers, receipts) returns; callers page through more. */
export const LEDGER_READ_ROWS_MAX = 1000;
/** Most receipts one payout window settles; a busier window is split into narrower ones. */
export const LEDGER_PAYOUT_RECEIPTS_MAX = 100_000;
/** Longest account id, deposit id, receipt subject or payout id, in UTF-16 code units. */
export const LEDGER_ID_CHARS_MAX = 512;
/** Longest reason given for a reversal, in UTF-16 code units. */
export const LEDGER_REASON_CHARS_MAX = 1024;
/**
 * How often the PostgreSQL driver runs a ledger transaction that lost a race (a serialisation
 * failure, a deadlock, or a unique key another connection claimed first) before giving up.
 */
export const LEDGER_TRANSACTION_ATTEMPTS_MAX = 8;

/** How long asking a PostgreSQL server whether it answers may take (throwaway-database.ts). */
export const POSTGRES_PROBE_TIMEOUT_MS = 3_000;
