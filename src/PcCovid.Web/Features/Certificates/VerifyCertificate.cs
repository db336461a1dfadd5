using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Certificates;

namespace PcCovid.Web.Features.Certificates;

/// <summary>
/// Verifies an <c>HC1:</c> text at the current time against the trust list, then looks the UVCI up in the
/// revocation list. Nothing of the certificate is logged.
/// </summary>
public sealed class VerifyCertificate(DccKeyStore keys, PcCovidDbContext db, TimeProvider clock)
{
    public async Task<DccVerification> VerifyAsync(string text, CancellationToken cancellationToken)
    {
        DccTrustList trustList = await keys.GetTrustListAsync(cancellationToken).ConfigureAwait(false);
        DccVerification result = new DccVerifier(trustList).Verify(text, clock.GetUtcNow());
        if (result.Failures.Contains(DccFailure.UnknownKid))
        {
            // Signed by a key another node created after this one loaded its list.
            trustList = await keys.RefreshForUnknownKidAsync(cancellationToken).ConfigureAwait(false);
            result = new DccVerifier(trustList).Verify(text, clock.GetUtcNow());
        }
        if (result.SignatureVerified && result.CertificateId is { } uvci)
        {
            string hash = Uvci.RevocationHash(uvci);
            if (await db.RevokedCertificates.AnyAsync(r => r.UvciHash == hash, cancellationToken).ConfigureAwait(false))
            {
                result = result.WithFailure(DccFailure.Revoked, "revoked by its issuer");
            }
        }

        return result;
    }
}
