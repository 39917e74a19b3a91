/**
 * The OPC UA security policies the adapter and the meter server use, by name. Both need RSA
 * OAEP for key exchange, never RSA PKCS#1 v1.5 encryption (Basic128Rsa15), which Node 20
 * refuses since CVE-2023-46809. Basic256Sha256 is the default: the policy most field devices
 * offer; Aes128_Sha256_RsaOaep is its successor in OPC UA 1.04.
 */

/** Policy name → its URI (the SecurityPolicy enum values of node-opcua are these URIs). */
export const OPCUA_SECURITY_POLICIES = {
  Basic256Sha256: 'http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256',
  Aes128_Sha256_RsaOaep: 'http://opcfoundation.org/UA/SecurityPolicy#Aes128_Sha256_RsaOaep',
} as const;

export type OpcuaSecurityPolicyName = keyof typeof OPCUA_SECURITY_POLICIES;

/** The policy a client uses when none is configured. */
export const OPCUA_DEFAULT_SECURITY_POLICY: OpcuaSecurityPolicyName = 'Basic256Sha256';
