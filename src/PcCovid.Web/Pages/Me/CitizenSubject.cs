using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Infrastructure.Security;
using QRCoder;

namespace PcCovid.Web.Pages.Me;

/// <summary>
/// Whose data a citizen page shows: the signed-in person, or the dependant they chose to act for on
/// the home page (the account's acting-for, checked against the guardianships on every request).
/// </summary>
public sealed record CitizenSubject(long Me, long PersonId, string FullName, IReadOnlyList<DependantSummary> Dependants)
{
    public bool IsDependant => PersonId != Me;

    /// <summary>The person id a use case takes for "a dependant" (null = myself).</summary>
    public long? DependantId => IsDependant ? PersonId : null;

    public static async Task<CitizenSubject> ResolveAsync(PcCovidDbContext db, Guardians guardians, CurrentActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(guardians);
        ArgumentNullException.ThrowIfNull(actor);
        long me = actor.RequirePersonId();
        IReadOnlyList<DependantSummary> dependants = await guardians.DependantsOfAsync(me, cancellationToken);
        long? acting = await db.Accounts.Where(a => a.Id == actor.RequireAccountId()).Select(a => a.ActingForPersonId).SingleAsync(cancellationToken);
        long subject = acting is { } a && dependants.Any(d => d.PersonId == a) ? a : me;
        string name = await db.People.Where(p => p.Id == subject).Select(p => p.FullName).SingleAsync(cancellationToken);
        return new CitizenSubject(me, subject, name, dependants);
    }

    /// <summary>A QR code as a PNG data URI (the content policy allows data: images, not inline styles).</summary>
    public static string QrDataUri(string payload, int pixelsPerModule = 8) => Infrastructure.QrImage.PngDataUri(payload, QRCodeGenerator.ECCLevel.M, pixelsPerModule);
}
