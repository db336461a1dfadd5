using System.Formats.Cbor;
using System.Text.Json.Nodes;

namespace PcCovid.Domain.Certificates;

/// <summary>
/// Verifies HCERT certificates against a trust list at a given time: prefix, Base45, zlib, COSE, kid,
/// signature (before any content is trusted), CWT claims, payload structure, the signer's key usage,
/// then validity in time. Every stage that can run does, so a report lists every failure; the first
/// one is the verdict. Revocation needs the registry and is added by the caller
/// (<see cref="DccVerification.WithFailure"/>).
/// </summary>
public sealed class DccVerifier(DccTrustList trustList)
{
    public DccTrustList TrustList { get; } = trustList;

    public DccVerification Verify(string text, DateTimeOffset now)
    {
        var result = new DccVerification();
        if (!Hcert.TryUnprefix(text, out string base45))
        {
            return result.WithFailure(DccFailure.Prefix, "the text does not start with HC1:");
        }

        if (!Base45.TryDecode(base45, out byte[] compressed))
        {
            return result.WithFailure(DccFailure.Base45, "the text after HC1: is not valid Base45");
        }

        if (!Hcert.TryDecompress(compressed, out byte[] cose))
        {
            return result.WithFailure(DccFailure.Compression, "the data is not zlib-compressed, or the compressed data are broken or truncated");
        }

        return VerifyCose(cose, now);
    }

    /// <summary>Verifies a COSE_Sign1 (the raw transport of hcert §4, or the test data's COSE stage).</summary>
    public DccVerification VerifyCose(byte[] coseBytes, DateTimeOffset now)
    {
        var result = new DccVerification();
        CoseSign1 cose;
        try
        {
            cose = CoseSign1.Decode(coseBytes);
        }
        catch (CborContentException)
        {
            return result.WithFailure(DccFailure.Cose, "the data are not a COSE_Sign1 structure");
        }

        result = result with
        {
            Kid = cose.Kid is null ? null : Convert.ToBase64String(cose.Kid),
            KidProtected = cose.KidProtected,
            Algorithm = cose.Algorithm,
        };
        result = CheckSignature(result, cose);

        string? issuer;
        long? issuedAt;
        long? expiresAt;
        JsonObject dcc;
        try
        {
            (issuer, issuedAt, expiresAt, dcc) = Hcert.DecodeClaims(cose.Payload);
        }
        catch (CborContentException)
        {
            return result.WithFailure(DccFailure.Claims, "the CWT claims cannot be read");
        }

        result = result with
        {
            Issuer = issuer,
            IssuedAt = issuedAt is { } iat ? DateTimeOffset.FromUnixTimeSeconds(iat) : null,
            ExpiresAt = expiresAt is { } exp ? DateTimeOffset.FromUnixTimeSeconds(exp) : null,
            Payload = dcc,
        };

        (DccCertificateType? type, string? problem) = DccPayloadCheck.Check(dcc);
        if (type is null)
        {
            result = result.WithFailure(DccFailure.Payload, "the certificate breaks the DCC schema: " + problem);
        }
        else
        {
            result = result with { Type = type };
            if (result.Signer is { } signer && !signer.AllowedTypes.Contains(type.Value))
            {
                result = result.WithFailure(DccFailure.KeyUsage, $"the signing certificate may not sign {type.Value.ToString().ToLowerInvariant()} certificates");
            }
        }

        if (result.IssuedAt is { } issued && issued > now)
        {
            result = result.WithFailure(DccFailure.NotYetValid, "issued after the verification time");
        }

        if (result.ExpiresAt is { } expires && expires < now)
        {
            result = result.WithFailure(DccFailure.Expired, "expired");
        }
        else if (result.ExpiresAt is null)
        {
            result = result.WithFailure(DccFailure.Claims, "no expiry (exp)");
        }

        return result;
    }

    private DccVerification CheckSignature(DccVerification result, CoseSign1 cose)
    {
        if (cose.Kid is null)
        {
            return result.WithFailure(DccFailure.UnknownKid, "no kid in either header");
        }

        IReadOnlyList<DccTrustedSigner> candidates = TrustList.Find(cose.Kid);
        if (candidates.Count == 0)
        {
            return result.WithFailure(DccFailure.UnknownKid, "no trusted signing certificate has this kid");
        }

        if (cose.Algorithm is not (CoseSign1.Es256 or CoseSign1.Ps256))
        {
            return result.WithFailure(DccFailure.UnsupportedAlgorithm, "the signature algorithm is neither ES256 nor PS256");
        }

        // Kids can collide: every signer with this kid is tried.
        foreach (DccTrustedSigner signer in candidates)
        {
            if (cose.VerifySignature(signer))
            {
                return result with { SignatureVerified = true, Signer = signer };
            }
        }

        return result.WithFailure(DccFailure.Signature, "the signature does not verify");
    }
}
