/**
 * Every bound of the OPC UA adapter and its test meter server, in one place. Units are the last
 * word of each name. A producer's gateway runs these against devices it does not control, so
 * every wait has a timeout and every request a size.
 */

/** Longest wait for the secure channel and the session to open. */
export const OPCUA_CONNECT_TIMEOUT_MS = 5_000;
/** Longest wait for one service request (Read, TranslateBrowsePath) to be answered. */
export const OPCUA_REQUEST_TIMEOUT_MS = 3_000;
/** Session lifetime the client asks for; the server closes an idle session after it. */
export const OPCUA_SESSION_TIMEOUT_MS = 60_000;
/** Most nodes one read may name: a meter exposes a handful, a gateway polls them in one request. */
export const OPCUA_READ_NODES_MAX = 64;
/** Longest NodeId string a caller may configure (`ns=<uri-index>;s=<name>` is far shorter). */
export const OPCUA_NODE_ID_CHARS_MAX = 256;
/** Longest browse name accepted as a Reading's metric. */
export const OPCUA_METRIC_CHARS_MAX = 128;
/** Longest unit text taken from EngineeringUnits or the unit map. */
export const OPCUA_UNIT_CHARS_MAX = 32;
/** RSA key size of the temporary certificates the tests and the devnet make (OPC UA minimum is 2048). */
export const OPCUA_KEY_BITS = 2048;
/** Days the temporary self-signed certificates are valid. */
export const OPCUA_CERTIFICATE_VALIDITY_DAYS = 30;
/** Longest the meter server waits for open sessions to close before it stops listening. */
export const OPCUA_SERVER_SHUTDOWN_MS = 200;
/** Most concurrent secure channels the meter server accepts. */
export const OPCUA_SERVER_CONNECTIONS_MAX = 8;
/** Most concurrent sessions the meter server accepts. */
export const OPCUA_SERVER_SESSIONS_MAX = 8;
/** How often the server sends a monitored subscription's changes (the meter's clock is simulated, so short). */
export const OPCUA_PUBLISHING_INTERVAL_MS = 50;
/** Changes a monitored node may queue between two publishes before the oldest is kept and newer dropped. */
export const OPCUA_MONITOR_QUEUE_SIZE = 16;
/** Publishing intervals without a publish request after which the server deletes the subscription. */
export const OPCUA_SUBSCRIPTION_LIFETIME_COUNT = 600;
/** Publishing intervals without a change after which the server sends an empty keep-alive. */
export const OPCUA_SUBSCRIPTION_KEEPALIVE_COUNT = 20;
