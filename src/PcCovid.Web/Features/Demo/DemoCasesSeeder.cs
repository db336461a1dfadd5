using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Data.CheckIns;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.CheckIns;
using PcCovid.Domain.Common;
using PcCovid.Domain.Tracing;

namespace PcCovid.Web.Features.Demo;

/// <summary>
/// Cases and tracing for the demo on first start: three cases entered by the district's epidemiologist among the
/// people who checked in at the demo market (one recovered), a market cluster holding two of them, a Bluetooth log
/// of the first case that saw the demo citizen closely (their feed gets the F1 alert) and someone else too weakly to
/// count, and two interview contacts (one named, one free text waiting to be matched). The cases' events are
/// written like any case's: the tracing worker traces them within seconds of the start. A few rows: start stays fast.
/// </summary>
public sealed class DemoCasesSeeder(PcCovidDbContext db, ICheckInStore store, TimeProvider clock, ILogger<DemoCasesSeeder> logger)
{
    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.Clusters.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        Guid? epidemiologist = await db.Accounts.AsNoTracking().Where(a => a.Role == StaffRole.Epidemiologist).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        long? citizen = await db.Accounts.AsNoTracking().Where(a => a.PersonId != null).OrderBy(a => a.CreatedAtUtc).Select(a => a.PersonId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        Venue? market = await db.Venues.AsNoTracking().Where(v => v.Kind == VenueKind.Market).OrderBy(v => v.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (epidemiologist is not { } by || citizen is not { } demoCitizen || market is null)
        {
            return;
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        DateOnly today = VietnamTime.Today(clock);
        // People of the market's district who were at the market, the demo citizen and their household left out (they stay contacts, not cases),
        // and anyone the other demo seeders already made a case (a person has one case).
        string? household = await db.People.Where(p => p.Id == demoCitizen).Select(p => p.HouseholdCode).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        List<long> visitors = [.. (await store.AtVenueAsync(market.Id, now.AddDays(-11), now, cancellationToken).ConfigureAwait(false))
            .Select(c => c.PersonId).Where(p => p != demoCitizen).Distinct()];
        List<long> atMarket = await db.People.AsNoTracking().Where(p => visitors.Contains(p.Id) && !db.Cases.Any(c => c.PersonId == p.Id) && (household == null || p.HouseholdCode == null || p.HouseholdCode != household))
            .OrderBy(p => p.Id).Select(p => p.Id).Take(5).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (atMarket.Count < 5)
        {
            // A small demo country: fill up with other people of the district (then of anywhere).
            List<long> more = await db.People.AsNoTracking()
                .Where(p => p.Id != demoCitizen && !atMarket.Contains(p.Id) && !db.Cases.Any(c => c.PersonId == p.Id) && (household == null || p.HouseholdCode == null || p.HouseholdCode != household))
                .OrderBy(p => p.DistrictCode == market.DistrictCode ? 0 : 1).ThenBy(p => p.Id).Select(p => p.Id).Take(5 - atMarket.Count)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            atMarket.AddRange(more);
        }

        if (atMarket.Count < 5)
        {
            logger.LogWarning("Demo tracing not seeded: fewer than five people");
            return;
        }

        Case first = Case.OpenManually(atMarket[0], today.AddDays(-3), null, by, now);
        Case second = Case.OpenManually(atMarket[1], null, VietnamTime.StartOfDayUtc(today.AddDays(-1)).AddHours(9), by, now);
        Case third = Case.OpenManually(atMarket[2], today.AddDays(-9), null, by, now);
        db.Cases.AddRange(first, second, third);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        third.ChangeStatus(CaseStatus.Recovered, now);
        db.CaseEvents.AddRange(CaseEvent.Opened(first, now), CaseEvent.Opened(second, now));

        Cluster cluster = Cluster.Create("Ổ dịch " + market.Name, "market", market.ProvinceCode!, market.DistrictCode!, market.CommuneCode, market.Id, today.AddDays(-4),
            "Các ca bệnh cùng đi chợ trong tuần / Cases who shopped at the market this week", by, now);
        cluster.Add(first.Id, by, now);
        cluster.Add(second.Id, by, now);
        db.Clusters.Add(cluster);

        DateTime seen = now.AddDays(-1).AddHours(-2);
        db.BluetoothEncounters.AddRange(
            BluetoothEncounter.Record(first.Id, first.PersonId, demoCitizen, seen, seen.AddMinutes(25), -62, -8, null, now),
            BluetoothEncounter.Record(first.Id, first.PersonId, atMarket[3], seen, seen.AddMinutes(40), -88, -8, null, now));

        CaseContact named = CaseContact.ForPerson(first.Id, atMarket[4], 1, null, now);
        named.Add(ContactEvidence.Interview("Ăn trưa cùng nhau / had lunch together", by, now));
        CaseContact pending = CaseContact.Pending(first.Id, "Người bán hàng rong ở cổng chợ, khoảng 50 tuổi / a street vendor at the market gate, about 50", null, null, null, null, now);
        pending.Add(ContactEvidence.Interview(null, by, now));
        db.CaseContacts.AddRange(named, pending);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Demo tracing: 3 cases, 1 cluster, 2 Bluetooth encounters, 2 interview contacts");
    }
}
