using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Accounts;

/// <summary>
/// Which staff scopes the signed-in administrator may manage: all of them for a national administrator,
/// the province's own districts, communes and facilities for a provincial one.
/// </summary>
public sealed class AdministratorReach(PcCovidDbContext db, ReferenceData reference, CurrentActor actor)
{
    public async Task<bool> CoversAsync(AccessScope scope, CancellationToken cancellationToken)
    {
        AccessScope own = actor.Scope ?? throw new InvalidOperationException("An administrator always has a scope.");
        string? province = await ProvinceOfAsync(scope, cancellationToken).ConfigureAwait(false);
        return own.Kind == ScopeKind.National || (own.Kind == ScopeKind.Province && province == own.Code);
    }

    public async Task EnsureCoversAsync(AccessScope scope, CancellationToken cancellationToken)
    {
        if (!await CoversAsync(scope, cancellationToken).ConfigureAwait(false))
        {
            throw new DomainException("Phạm vi này nằm ngoài quyền quản trị của bạn. / This scope is outside your administration.");
        }
    }

    /// <summary>The province a scope lies in; null for the national scope.</summary>
    public async Task<string?> ProvinceOfAsync(AccessScope scope, CancellationToken cancellationToken)
    {
        switch (scope.Kind)
        {
            case ScopeKind.Province:
                return scope.Code;
            case ScopeKind.District:
                return reference.Catalog.FindDistrict(scope.Code)?.ProvinceCode;
            case ScopeKind.Commune:
                return reference.Catalog.FindCommune(scope.Code)?.ProvinceCode;
            case ScopeKind.Facility:
                long id = long.Parse(scope.Code, CultureInfo.InvariantCulture);
                Facility facility = await db.Facilities.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, cancellationToken).ConfigureAwait(false)
                    ?? throw new DomainException($"Cơ sở không tồn tại / No facility {id}.");
                return facility.ProvinceCode;
            default:
                return null;
        }
    }
}
