using PcCovid.Domain.Common;

namespace PcCovid.Domain.Certificates;

/// <summary>
/// A revoked certificate, by the SHA-256 of its UVCI (<see cref="Uvci.RevocationHash"/>), as the EU
/// revocation lists do: the list says nothing about the person.
/// </summary>
public sealed class RevokedCertificate
{
    public const int MaxReasonLength = 200;

    private RevokedCertificate()
    {
        UvciHash = string.Empty;
        Reason = string.Empty;
    }

    public string UvciHash { get; private set; }

    public string Reason { get; private set; }

    public DateTime RevokedAtUtc { get; private set; }

    public Guid RevokedBy { get; private set; }

    public static RevokedCertificate Revoke(string uvci, string reason, Guid revokedBy, DateTime nowUtc)
    {
        if (!Uvci.LooksValid(uvci?.Trim()))
        {
            throw new DomainException("Mã chứng nhận (UVCI) không hợp lệ / Not a valid certificate identifier (UVCI).");
        }

        string cleaned = (reason ?? string.Empty).Trim();
        if (cleaned.Length is 0 or > MaxReasonLength)
        {
            throw new DomainException($"Cần lý do thu hồi (tối đa {MaxReasonLength} ký tự) / A revocation needs a reason (at most {MaxReasonLength} characters).");
        }

        return new RevokedCertificate { UvciHash = Uvci.RevocationHash(uvci!), Reason = cleaned, RevokedAtUtc = nowUtc, RevokedBy = revokedBy };
    }
}
