/** Every bound the CLI and the log service enforce. Units are the last word of each name. */
import { limits } from '@mycel/kernel';

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
