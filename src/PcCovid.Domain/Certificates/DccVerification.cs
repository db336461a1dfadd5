using System.Text.Json.Nodes;

namespace PcCovid.Domain.Certificates;

/// <summary>
/// What the verifier found: the verdict, every failure detected (the first one is the verdict's reason),
/// and what could be read. <see cref="Payload"/> is the decoded DCC even when the signature failed:
/// callers that show it to a person check <see cref="SignatureVerified"/> first.
/// </summary>
public sealed record DccVerification
{
    public bool IsValid => Failures.Count == 0;

    public IReadOnlyList<DccFailure> Failures { get; init; } = [];

    public DccFailure? Failure => Failures.Count == 0 ? null : Failures.Min();

    /// <summary>A short technical explanation of the first failure (English, no personal data).</summary>
    public string? Detail { get; init; }

    public bool SignatureVerified { get; init; }

    public string? Kid { get; init; }

    public bool KidProtected { get; init; }

    public int? Algorithm { get; init; }

    public string? Issuer { get; init; }

    public DateTimeOffset? IssuedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DccCertificateType? Type { get; init; }

    public JsonObject? Payload { get; init; }

    public DccTrustedSigner? Signer { get; init; }

    /// <summary>The UVCI (<c>ci</c>) of the one entry, when the payload has one.</summary>
    public string? CertificateId =>
        Type is { } type && Payload?[DccPayloadCheck.EntryKey(type)] is JsonArray { Count: 1 } entries && entries[0]?["ci"] is JsonValue ci && ci.TryGetValue(out string? id)
            ? id
            : null;

    public DccVerification WithFailure(DccFailure failure, string detail) =>
        this with { Failures = [.. Failures, failure], Detail = Failure is null || failure < Failure ? detail : Detail };
}
