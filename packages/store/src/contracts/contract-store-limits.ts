/** Every bound the contract event store enforces. Units are the last word of each name. */

/**
 * Largest contract event, in bytes of its canonical JSON (RFC 8785): the kernel's
 * DOCUMENT_BYTES_MAX. Terms with CONTRACT_PARTIES_MAX parties and every milestone stay well inside.
 */
export const CONTRACT_EVENT_BYTES_MAX = 256 * 1024;
/** Most contracts one contracts() call lists, newest first. */
export const CONTRACT_LIST_MAX = 1000;
