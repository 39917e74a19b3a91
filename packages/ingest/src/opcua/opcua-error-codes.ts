/**
 * Every error code the OPC UA adapter can hand a caller: snake_case, named after the refusal,
 * never reused. A reading that cannot be trusted is refused with one of these, never guessed.
 */
export const OPCUA_ERROR_CODES = {
  opcua_endpoint_invalid: 'the endpoint is not an opc.tcp:// URL with a host and a port',
  opcua_connect_failed:
    'no secure channel could be opened to the endpoint (nothing listening, or it hung up)',
  opcua_connect_timeout: 'the secure channel or session was not open within the connect timeout',
  opcua_certificate_untrusted:
    'the server refused the secure channel: it does not trust this client certificate',
  opcua_server_certificate_untrusted:
    'the server presented a certificate this client was not given to trust',
  opcua_certificate_invalid:
    'a certificate handed to a trust helper is not one DER or PEM X.509 certificate',
  opcua_session_refused:
    'the server accepted the secure channel but refused the session (identity or policy)',
  opcua_connection_lost: 'the server went away or closed the connection while the session was open',
  opcua_client_closed: 'the adapter was closed before or while the request ran',
  opcua_request_timeout: 'the server did not answer a request within the request timeout',
  opcua_request_failed: 'the server answered a request (read, subscription) with a service fault',
  opcua_node_id_invalid: 'a configured node id is not a well-formed OPC UA NodeId string',
  opcua_too_many_nodes: 'one read asked for more nodes than OPCUA_READ_NODES_MAX, or none',
  opcua_node_unknown: 'the server has no node with this id (BadNodeIdUnknown)',
  opcua_status_not_good:
    'the server reported the value with a status that is not Good (Bad or Uncertain): no reading',
  opcua_value_not_numeric: 'the node value is not a finite scalar number',
  opcua_timestamp_missing:
    'the value carries no SourceTimestamp, so when it was measured is unknown',
  opcua_unit_unknown:
    'the node has no EngineeringUnits property and the unit map names no unit for it',
  opcua_metric_invalid: 'the node browse name is empty or longer than OPCUA_METRIC_CHARS_MAX',
  opcua_server_start_failed:
    'the meter server could not be started (port, PKI folder or address space)',
} as const;

export type OpcuaErrorCode = keyof typeof OPCUA_ERROR_CODES;
