using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.Access;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Demo;

/// <summary>
/// Venues and check-ins for the demo on first start: five venues of the demo operator's facility in the demo
/// citizen's commune (four approved, one waiting for the district's approval), and a few thousand
/// check-ins over the last ten days by people of that district, the demo citizen included, written through
/// the real store in one append. Deterministic (fixed seed).
/// </summary>
public sealed class DemoCheckInsSeeder(PcCovidDbContext db, ReferenceData reference, ICheckInStore store, TimeProvider clock, ILogger<DemoCheckInsSeeder> logger)
{
    private static readonly (string Name, VenueKind Kind, bool Approved)[] s_venues =
    [
        ("Chợ phường Demo", VenueKind.Market, true),
        ("Siêu thị Mini Hòa Bình", VenueKind.Supermarket, true),
        ("Quán phở Bà Tư", VenueKind.Restaurant, true),
        ("Trường Tiểu học Kim Đồng", VenueKind.School, true),
        ("Quán cà phê Hoa Sữa (chờ duyệt)", VenueKind.Restaurant, false),
    ];

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.Venues.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        Facility? facility = await db.Facilities.Where(f => f.Kind == FacilityKind.Venue).OrderBy(f => f.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        long? citizen = await db.Accounts.AsNoTracking().Where(a => a.PersonId != null).OrderBy(a => a.CreatedAtUtc).Select(a => a.PersonId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (facility is null || citizen is null)
        {
            return;
        }

        Guid? approver = await db.Accounts.AsNoTracking().Where(a => a.Role == StaffRole.Epidemiologist).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        var venues = new List<Venue>();
        foreach ((string name, VenueKind kind, bool approved) in s_venues)
        {
            var venue = Venue.Register(facility.Id, name, kind, facility.CommuneCode, "Số " + (venues.Count + 1).ToString(CultureInfo.InvariantCulture) + " đường Demo", null, null, reference.Catalog, now.AddDays(-30));
            if (approved)
            {
                venue.Approve(approver ?? Guid.Empty, now.AddDays(-29));
            }

            venues.Add(venue);
        }

        db.Venues.AddRange(venues);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        string? district = facility.DistrictCode;
        List<long> people = await db.People.AsNoTracking().Where(p => p.DistrictCode == district).OrderBy(p => p.Id).Select(p => p.Id).Take(400).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (!people.Contains(citizen.Value))
        {
            people.Add(citizen.Value);
        }

        var random = new Random(2104);
        List<Venue> open = venues.Where(v => v.AcceptsCheckIns).ToList();
        var checkIns = new List<CheckIn>(4000);
        for (int i = 0; i < 4000; i++)
        {
            long person = i % 10 == 0 ? citizen.Value : people[random.Next(people.Count)];
            Venue venue = open[random.Next(open.Count)];
            // Daytime in Vietnam (07:00–21:00, UTC+7) over the last ten days.
            DateTime at = now.Date.AddDays(-random.Next(0, 10)).AddHours(random.Next(0, 14)).AddMinutes(random.Next(0, 60)).AddSeconds(random.Next(0, 60));
            if (at > now)
            {
                at = at.AddDays(-1);
            }

            DateTime? outAt = random.Next(3) == 0 ? at.AddMinutes(random.Next(10, 90)) : null;
            var method = random.Next(4) == 0 ? CheckInMethod.VenueScan : CheckInMethod.CitizenScan;
            checkIns.Add(new CheckIn(venue.Id, person, at, outAt > now ? null : outAt, method, SourceSystems.PcCovid, "demo-" + i.ToString(CultureInfo.InvariantCulture)));
        }

        bool[] stored = await store.AppendAsync(checkIns, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Demo check-ins: {Venues} venues, {CheckIns} check-ins", venues.Count, stored.Count(s => s));
    }
}
