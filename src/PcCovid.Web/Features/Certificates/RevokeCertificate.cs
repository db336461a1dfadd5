using PcCovid.Data;
using PcCovid.Domain.Certificates;

namespace PcCovid.Web.Features.Certificates;

/// <summary>Adds a UVCI (as its hash) to the revocation list; revoking twice is harmless.</summary>
public sealed class RevokeCertificate(PcCovidDbContext db, TimeProvider clock)
{
    public async Task<bool> RevokeAsync(string uvci, string reason, Guid revokedBy, CancellationToken cancellationToken)
    {
        var revoked = RevokedCertificate.Revoke(uvci, reason, revokedBy, clock.GetUtcNow().UtcDateTime);
        if (await db.RevokedCertificates.FindAsync([revoked.UvciHash], cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        db.RevokedCertificates.Add(revoked);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
