/**
 * Published did:key examples from the W3C CCG did:key method repository (w3c-ccg/did-method-key,
 * folder test-vectors/), typed in by hand: only the identifiers and the key material needed to
 * check them, not the DID documents.
 */

export const DID_KEY_SOURCE = 'w3c-ccg/did-method-key';

export interface PublishedEd25519DidKey {
  /** The "seed" field: the 32-byte Ed25519 secret key, hex. */
  readonly seed: string;
  readonly did: string;
  /** verificationKeyPair.publicKeyBase58: the raw 32-byte public key. */
  readonly publicKeyBase58: string;
  /** keyAgreementKeyPair: the X25519 key derived from the same seed, as its own did:key. */
  readonly x25519Did: string;
  readonly x25519PublicKeyBase58: string;
}

/** test-vectors/ed25519-x25519.json: seeds 0..4. */
export const PUBLISHED_ED25519_DID_KEYS: readonly PublishedEd25519DidKey[] = [
  {
    seed: '0000000000000000000000000000000000000000000000000000000000000000',
    did: 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp',
    publicKeyBase58: '4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS',
    x25519Did: 'did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW',
    x25519PublicKeyBase58: '7By6kV2t2d188odEM4ExAve1UithKT6dLva4dwsDT3ak',
  },
  {
    seed: '0000000000000000000000000000000000000000000000000000000000000001',
    did: 'did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG',
    publicKeyBase58: '6ASf5EcmmEHTgDJ4X4ZT5vT6iHVJBXPg5AN5YoTCpGWt',
    x25519Did: 'did:key:z6LSrHyXiPBhUbvPUtyUCdf32sniiMGPTAesgHrtEa4FePtr',
    x25519PublicKeyBase58: 'FcoNC5NqP9CePWbhfz95iHaEsCjGkZUioK9Ck7Qiw286',
  },
  {
    seed: '0000000000000000000000000000000000000000000000000000000000000002',
    did: 'did:key:z6MknGc3ocHs3zdPiJbnaaqDi58NGb4pk1Sp9WxWufuXSdxf',
    publicKeyBase58: '8pM1DN3RiT8vbom5u1sNryaNT1nyL8CTTW3b5PwWXRBH',
    x25519Did: 'did:key:z6LSkkqoZRC34AEpbkhZCqLDcHQVAxuLpQ7kC8XCXMVUfvjE',
    x25519PublicKeyBase58: 'A5fe37PAxhX5WNKngBpGHhC1KpNE7nwbK9oX2tqwxYxU',
  },
  {
    seed: '0000000000000000000000000000000000000000000000000000000000000003',
    did: 'did:key:z6MkvqoYXQfDDJRv8L4wKzxYeuKyVZBfi9Qo6Ro8MiLH3kDQ',
    publicKeyBase58: 'HPYVwAQmskwT1qEEeRzhoomyfyupJGASQQtCXSNG8XS2',
    x25519Did: 'did:key:z6LSiUo6AEDat8Ze4nQzDo67SGuHLLwsUGkxndHGUjsywHow',
    x25519PublicKeyBase58: '7ocvdvQinfqtyQ3Dh9aA7ggoVCQkmfaoueZazHETDv3B',
  },
  {
    seed: '0000000000000000000000000000000000000000000000000000000000000004',
    did: 'did:key:z6MkwW6aqMnjgrhJXFUko3NnZPGzVpkNzhYK7yEhnsibmLwL',
    publicKeyBase58: 'J3qYF7YJMKCqQke47UQwiHizgFUXapHxRxKmxbkar89x',
    x25519Did: 'did:key:z6LSrGb3qm4xMCEBjvwkLb2WEcXfTM94Tu1RyGCbT5wbg8i9',
    x25519PublicKeyBase58: 'FbQtKTG6FjWSeYZyowWYv2KBcCbwmHqH6HUuxdJ4xkwP',
  },
];

export interface PublishedJwkDidKey {
  readonly did: string;
  readonly crv: 'P-256' | 'P-384' | 'P-521';
  /** publicKeyJwk.x and .y, base64url as published. */
  readonly x: string;
  readonly y: string;
}

/** test-vectors/nist-curves.json: the two P-256 keys, one P-384 key and one P-521 key. */
export const PUBLISHED_NIST_DID_KEYS: readonly PublishedJwkDidKey[] = [
  {
    did: 'did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv',
    crv: 'P-256',
    x: 'igrFmi0whuihKnj9R3Om1SoMph72wUGeFaBbzG2vzns',
    y: 'efsX5b10x8yjyrj4ny3pGfLcY7Xby1KzgqOdqnsrJIM',
  },
  {
    did: 'did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169',
    crv: 'P-256',
    x: 'fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI',
    y: 'hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU',
  },
  {
    did: 'did:key:z82Lm1MpAkeJcix9K8TMiLd5NMAhnwkjjCBeWHXyu3U4oT2MVJJKXkcVBgjGhnLBn2Kaau9',
    crv: 'P-384',
    x: 'lInTxl8fjLKp_UCrxI0WDklahi-7-_6JbtiHjiRvMvhedhKVdHBfi2HCY8t_QJyc',
    y: 'y6N1IC-2mXxHreETBW7K3mBcw0qGr3CWHCs-yl09yCQRLcyfGv7XhqAngHOu51Zv',
  },
  {
    did: 'did:key:z2J9gaYxrKVpdoG9A4gRnmpnRCcxU6agDtFVVBVdn1JedouoZN7SzcyREXXzWgt3gGiwpoHq7K68X4m32D8HgzG8wv3sY5j7',
    crv: 'P-521',
    x: 'ASUHPMyichQ0QbHZ9ofNx_l4y7luncn5feKLo3OpJ2nSbZoC7mffolj5uy7s6KSKXFmnNWxGJ42IOrjZ47qqwqyS',
    y: 'AW9ziIC4ZQQVSNmLlp59yYKrjRY0_VqO-GOIYQ9tYpPraBKUloEId6cI_vynCzlZWZtWpgOM3HPhYEgawQ703RjC',
  },
];

/** test-vectors/x25519.json: stand-alone X25519 key-agreement keys. */
export const PUBLISHED_X25519_DID_KEYS: readonly { did: string; publicKeyBase58: string }[] = [
  {
    did: 'did:key:z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F',
    publicKeyBase58: '4Dy8E9UaZscuPUf2GLxV44RCNL7oxmEXXkgWXaug1WKV',
  },
  {
    did: 'did:key:z6LStiZsmxiK4odS4Sb6JmdRFuJ6e1SYP157gtiCyJKfrYha',
    publicKeyBase58: 'J3PiFeuSyLugy4DKn87TwK5cnruRgPtxouzXUqg99Avp',
  },
];

/** test-vectors/secp256k1.json: the first key (a 33-byte compressed point). */
export const PUBLISHED_SECP256K1_DID_KEY = {
  did: 'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme',
  publicKeyBase58: '23o6Sau8NxxzXcgSc3PLcNxrzrZpbLeBn1izfv3jbKhuv',
} as const;
