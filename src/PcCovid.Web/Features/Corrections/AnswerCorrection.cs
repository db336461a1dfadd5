using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Corrections;

/// <summary>
/// A data steward answers a correction request of a person in their jurisdiction: <c>accept</c> with what was
/// changed (the fact itself is corrected at its source, by the import or the page that owns it), or
/// <c>refuse</c> with the reason. The answer and its audit entry (<c>correction.answered</c>) commit together.
/// </summary>
public sealed class AnswerCorrection(PcCovidDbContext db, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock)
{
    public sealed record Request(string? Decision, string? Text, string? Purpose);

    /// <summary>Null when the request does not exist or its person is outside the jurisdiction (the same answer); a DomainException for a bad answer.</summary>
    public async Task<CorrectionRequest?> HandleAsync(long id, Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (StaffPersonAccess.PurposeProblem(actor, request.Purpose, out AccessPurpose purpose) is { } problem)
        {
            throw new DomainException(problem);
        }

        CorrectionRequest? correction = await db.CorrectionRequests.SingleOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        var person = correction is null ? null : await db.People.AsNoTracking().Where(p => p.Id == correction.PersonId)
            .Select(p => new { p.ProvinceCode, p.DistrictCode, p.CommuneCode }).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (correction is null || person is null || !StaffPersonAccess.MayBrowse(actor, person.ProvinceCode, person.DistrictCode, person.CommuneCode))
        {
            return null;
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        Guid by = actor.RequireAccountId();
        switch (request.Decision)
        {
            case "accept":
                correction.Accept(request.Text, by, now);
                break;
            case "refuse":
                correction.Refuse(request.Text, by, now);
                break;
            default:
                throw new DomainException("Quyết định: accept hoặc refuse / Decision: accept or refuse");
        }

        audit.Record(correction.PersonId, "correction.answered", purpose, $"correction {correction.Id}: {request.Decision}");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return correction;
    }
}
