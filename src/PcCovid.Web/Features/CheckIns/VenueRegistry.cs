using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.CheckIns;

/// <summary>What an operator fills in for a venue.</summary>
public sealed record NewVenue(string? Name, string? Kind, string? CommuneCode, string? Address, double? Latitude, double? Longitude);

/// <summary>A venue row of the legacy <c>qr</c> export (<c>dia_diem.csv</c>), already split into fields.</summary>
public sealed record LegacyVenueRow(string LegacyCode, string Name, string Kind, string CommuneCode, string Address, double? Latitude, double? Longitude);

/// <summary>
/// The venue life cycle: an operator registers a venue of their facility (pending); staff of a
/// jurisdiction covering its commune (an epidemiologist of the commune, district or province, or an
/// administrator) approve or disable it; the legacy import upserts venues by their old code.
/// </summary>
public sealed class VenueRegistry(PcCovidDbContext db, ReferenceData reference, VenueDirectory directory, TimeProvider clock)
{
    public async Task<Venue> RegisterAsync(long operatorFacilityId, NewVenue request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool isVenueFacility = await db.Facilities.AnyAsync(f => f.Id == operatorFacilityId && f.Kind == FacilityKind.Venue, cancellationToken).ConfigureAwait(false);
        if (!isVenueFacility)
        {
            throw new DomainException("Tài khoản không thuộc một cơ sở kinh doanh / The account does not belong to a venue facility.");
        }

        Venue venue = Venue.Register(operatorFacilityId, request.Name ?? string.Empty, ParseKind(request.Kind), request.CommuneCode ?? string.Empty,
            request.Address ?? string.Empty, request.Latitude, request.Longitude, reference.Catalog, clock.GetUtcNow().UtcDateTime);
        db.Venues.Add(venue);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        directory.Update(venue);
        return venue;
    }

    /// <summary>Approves (true) or disables (false) a venue inside the staff member's jurisdiction; null when there is no such venue there.</summary>
    public async Task<Venue?> DecideAsync(long venueId, bool approve, AccessScope scope, Guid by, CancellationToken cancellationToken)
    {
        Venue? venue = await db.Venues.FirstOrDefaultAsync(v => v.Id == venueId, cancellationToken).ConfigureAwait(false);
        if (venue is null || !scope.IsJurisdiction || !scope.Covers(venue.ProvinceCode, venue.DistrictCode, venue.CommuneCode))
        {
            return null;
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        if (approve)
        {
            venue.Approve(by, now);
        }
        else
        {
            venue.Disable(by, now);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        directory.Update(venue);
        return venue;
    }

    /// <summary>
    /// Creates or updates venues from the legacy <c>qr</c> system by <c>ma_dia_diem</c> and returns the
    /// venue id of every code given (for writing the legacy check-ins). A status set by staff is kept.
    /// Rows that cannot become a venue (unknown commune, empty name, bad kind) throw a DomainException
    /// naming the code: the importer turns it into a line-numbered rejection.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> UpsertLegacyAsync(IReadOnlyList<LegacyVenueRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var codes = rows.Select(r => r.LegacyCode.Trim()).Distinct(StringComparer.Ordinal).ToList();
        Dictionary<string, Venue> existing = await db.Venues.Where(v => v.LegacyCode != null && codes.Contains(v.LegacyCode))
            .ToDictionaryAsync(v => v.LegacyCode!, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        foreach (LegacyVenueRow row in rows)
        {
            VenueKind kind = VenueKinds.TryParse(row.Kind, out VenueKind k) ? k : VenueKind.Other;
            string code = row.LegacyCode.Trim();
            try
            {
                if (existing.TryGetValue(code, out Venue? venue))
                {
                    venue.UpdateFromLegacy(row.Name, kind, row.CommuneCode, row.Address, row.Latitude, row.Longitude, reference.Catalog);
                }
                else
                {
                    venue = Venue.FromLegacy(code, row.Name, kind, row.CommuneCode, row.Address, row.Latitude, row.Longitude, reference.Catalog, now);
                    db.Venues.Add(venue);
                    existing[code] = venue;
                }
            }
            catch (DomainException exception)
            {
                throw new DomainException($"ma_dia_diem {code}: {exception.Message}", exception);
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        foreach (Venue venue in existing.Values)
        {
            directory.Update(venue);
        }

        return existing.ToDictionary(p => p.Key, p => p.Value.Id, StringComparer.Ordinal);
    }

    private static VenueKind ParseKind(string? kind) =>
        VenueKinds.TryParse(kind, out VenueKind parsed)
            ? parsed
            : throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"Loại địa điểm không hợp lệ / Unknown venue kind '{kind}' ({string.Join(", ", VenueKinds.AllCodes)})."));
}
