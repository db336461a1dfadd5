namespace PcCovid.Domain.Certificates;

/// <summary>Why a certificate is not valid, in the order the verifier meets the stages.</summary>
public enum DccFailure
{
    /// <summary>Not an <c>HC1:</c> string.</summary>
    Prefix,

    /// <summary>Not valid Base45 after the prefix.</summary>
    Base45,

    /// <summary>Not zlib-compressed (or broken zlib data).</summary>
    Compression,

    /// <summary>Not a COSE_Sign1 structure.</summary>
    Cose,

    /// <summary>No kid, or no trusted signer has it.</summary>
    UnknownKid,

    /// <summary>An algorithm other than ES256 and PS256.</summary>
    UnsupportedAlgorithm,

    /// <summary>The signature does not verify with any trusted signer of that kid.</summary>
    Signature,

    /// <summary>The CWT claims cannot be read (no CBOR map, no hcert claim).</summary>
    Claims,

    /// <summary>The DCC payload breaks the schema (missing fields, not exactly one entry).</summary>
    Payload,

    /// <summary>The signer's certificate is not allowed to sign this type of certificate.</summary>
    KeyUsage,

    /// <summary>Revoked by its issuer.</summary>
    Revoked,

    /// <summary>Issued after the verification time.</summary>
    NotYetValid,

    /// <summary>Past its expiry.</summary>
    Expired,
}
