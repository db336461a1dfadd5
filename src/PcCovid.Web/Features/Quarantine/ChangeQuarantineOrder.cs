using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.Quarantine;
using PcCovid.Domain.Testing;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Quarantine;

/// <summary>
/// A health worker releases, extends or cancels an order in their jurisdiction. An early release needs a
/// negative test on or after the last test day, taken from the lab registry (the person's own latest
/// individual negative result), never typed in.
/// </summary>
public sealed class ChangeQuarantineOrder(PcCovidDbContext db, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock)
{
    public sealed record Request(string? Action, int? Days, string? Reason, string? Purpose);

    /// <summary>Null when the order does not exist or is out of reach; a DomainException when the change is not allowed.</summary>
    public async Task<QuarantineOrder?> HandleAsync(long orderId, Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (StaffPersonAccess.PurposeProblem(actor, request.Purpose, out AccessPurpose purpose) is { } problem)
        {
            throw new DomainException(problem);
        }

        QuarantineOrder? order = await db.QuarantineOrders.SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken).ConfigureAwait(false);
        var person = order is null ? null : await db.People.AsNoTracking().Where(p => p.Id == order.PersonId)
            .Select(p => new { p.ProvinceCode, p.DistrictCode, p.CommuneCode }).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (order is null || person is null || !StaffPersonAccess.MayBrowse(actor, person.ProvinceCode, person.DistrictCode, person.CommuneCode))
        {
            return null;
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        DateOnly today = VietnamTime.Today(clock);
        switch (request.Action)
        {
            case "release":
                DateTime? negative = await db.LabResults.AsNoTracking()
                    .Where(r => r.PersonId == order.PersonId && r.Outcome == LabOutcome.Negative && r.PoolId == null)
                    .OrderByDescending(r => r.SampledAtUtc).Select(r => (DateTime?)r.SampledAtUtc)
                    .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                order.Release(today, negative is { } n ? DateOnly.FromDateTime(VietnamTime.ToVietnam(n).DateTime) : null, now);
                break;
            case "extend":
                order.Extend(request.Days ?? 0, request.Reason ?? string.Empty);
                break;
            case "cancel":
                order.Cancel(request.Reason ?? string.Empty, now);
                break;
            default:
                throw new DomainException("action: release, extend hoặc cancel / action: release, extend or cancel");
        }

        audit.Record(order.PersonId, "quarantine.order." + request.Action, purpose, null);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return order;
    }
}
