using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Accounts;

/// <summary>What an administrator fills in for a lab, vaccination site or port of entry.</summary>
public sealed record NewFacility(string Kind, string Name, string CommuneCode);

/// <summary>An administrator registers a facility inside their reach, so facility staff can be scoped to it.</summary>
public sealed class RegisterFacility(PcCovidDbContext db, ReferenceData reference, AdministratorReach reach, TimeProvider clock)
{
    public async Task<Facility> HandleAsync(NewFacility request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Enum.TryParse(request.Kind?.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out FacilityKind kind) || !Enum.IsDefined(kind) || int.TryParse(request.Kind, out _))
        {
            throw new DomainException($"Loại cơ sở không hợp lệ / Unknown facility kind '{request.Kind}' (lab, vaccination-site, port-of-entry, venue).");
        }

        var facility = Facility.Register(kind, request.Name, request.CommuneCode, reference.Catalog, clock.GetUtcNow().UtcDateTime);
        await reach.EnsureCoversAsync(AccessScope.Province(facility.ProvinceCode ?? string.Empty), cancellationToken).ConfigureAwait(false);
        db.Facilities.Add(facility);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return facility;
    }
}
