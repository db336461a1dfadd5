using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Domain.Quarantine;
using PcCovid.Domain.Testing;
using PcCovid.Domain.Vaccination;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Card;
using PcCovid.Web.Infrastructure;

namespace PcCovid.IntegrationTests.Card;

/// <summary>
/// The card's facts come from one hand-written command of five statements: each statement's filter and each
/// column's mapping (times as UTC, dates, enums) read back what EF Core stored, on both databases.
/// </summary>
public sealed class CardFactsReaderTests
{
    private static readonly DateTime s_now = DateTime.SpecifyKind(TimeProvider.System.GetUtcNow().UtcDateTime.Date.AddHours(3), DateTimeKind.Utc);

    [Theory, BothProviders]
    public async Task TheFiveStatements_ReadWhatEfStored_AndOnlyWhatCountsForTheCard(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson full = await people.AddAsync(new DateOnly(1980, 1, 1));
        TestPerson bare = await people.AddAsync(new DateOnly(1981, 1, 1));
        TestPerson released = await people.AddAsync(new DateOnly(1982, 1, 1));
        long site = await TestAccounts.AddFacilityAsync(app, FacilityKind.VaccinationSite, full.CommuneCode);
        long lab = await TestAccounts.AddFacilityAsync(app, FacilityKind.Lab, full.CommuneCode);
        ReferenceData reference = app.Services.GetRequiredService<ReferenceData>();
        VaccineProduct pfizer = reference.Vaccines.Require("Pfizer");
        VaccineProduct janssen = reference.Vaccines.Require("Janssen");
        DateOnly today = DateOnly.FromDateTime(s_now);
        int serial = 0;
        Provenance Source() => new("pccovid", "card-" + ++serial, s_now.AddDays(-30), isAuthoritative: true);
        LabResult Result(string sample, string? pool, LabTestType type, LabOutcome outcome, DateTime sampled)
        {
            LabResult result = LabResult.Record(lab, sample, pool, type, outcome, null, sampled, sampled.AddMinutes(30), Source(), s_now);
            result.MatchTo(full.Id);
            return result;
        }

        DateTime recoveredAt = new(2025, 3, 4, 5, 6, 7, 890, DateTimeKind.Utc);
        await using (PcCovidDbContext db = app.NewDbContext())
        {
            Case old = Case.OpenFromResult(full.Id, 1, new DateTime(2025, 2, 20, 1, 0, 0, DateTimeKind.Utc), new DateTime(2025, 2, 21, 0, 0, 0, DateTimeKind.Utc));
            old.ChangeStatus(CaseStatus.Recovered, recoveredAt);
            db.Cases.Add(old);
            db.Cases.Add(Case.OpenFromResult(full.Id, 2, s_now.AddDays(-1), s_now));

            db.Doses.Add(Dose.Record(full.Id, 1, pfizer, "A1", new DateOnly(2021, 8, 1), today, site, null, null, null, Source(), null, null));
            db.Doses.Add(Dose.Declare(full.Id, 2, pfizer, "A2", new DateOnly(2021, 9, 1), today, "KR", "Seoul", Source(), null));
            Dose confirmed = Dose.Declare(full.Id, 3, janssen, "J1", new DateOnly(2022, 1, 15), today, "JP", "Tokyo", Source(), null);
            confirmed.Confirm(site, Guid.NewGuid(), s_now.AddDays(-2));
            db.Doses.Add(confirmed);

            db.LabResults.Add(Result("N-OLD", null, LabTestType.RtPcr, LabOutcome.Negative, s_now.AddDays(-3)));
            db.LabResults.Add(Result("N-NEW", null, LabTestType.RapidAntigen, LabOutcome.Negative, s_now.AddHours(-20).AddMilliseconds(123)));
            db.LabResults.Add(Result("N-POOL", "POOL-1", LabTestType.RtPcr, LabOutcome.Negative, s_now.AddHours(-2)));
            db.LabResults.Add(Result("P-NEW", null, LabTestType.RtPcr, LabOutcome.Positive, s_now.AddHours(-1)));

            db.QuarantineOrders.Add(Order(full.Id, releaseOn: today.AddDays(3)));
            QuarantineOrder over = Order(released.Id, releaseOn: today.AddDays(2));
            db.QuarantineOrders.Add(over);
            db.QuarantineOrders.Add(Order(bare.Id, releaseOn: today));
            await db.SaveChangesAsync();
            over.Cancel("test", s_now);
            await db.SaveChangesAsync();
        }

        CardFactRows? Read(long personId) => app.InScopeAsync(scope => scope.GetRequiredService<CardFactsReader>().ReadAsync(personId, today, CancellationToken.None)).GetAwaiter().GetResult();

        CardFactRows facts = Read(full.Id)!;
        Assert.Equal("01", facts.ProvinceCode);
        Assert.Equal([(CaseStatus.Active, s_now), (CaseStatus.Recovered, recoveredAt)], facts.Cases.OrderBy(c => c.Status).ToList());
        Assert.All(facts.Cases, c => Assert.Equal(DateTimeKind.Utc, c.UpdatedAtUtc.Kind));
        // The unconfirmed self-declared dose does not count; the confirmed one does.
        Assert.Equal([(pfizer.Code, new DateOnly(2021, 8, 1)), (janssen.Code, new DateOnly(2022, 1, 15))], facts.CountedDoses.OrderBy(d => d.AdministeredOn).ToList());
        // The latest individual negative: not the pooled one, not the positive one.
        Assert.Equal((s_now.AddHours(-20).AddMilliseconds(123), LabTestType.RapidAntigen), facts.LatestNegativeTest);
        Assert.Equal(DateTimeKind.Utc, facts.LatestNegativeTest!.Value.SampledAtUtc.Kind);
        Assert.True(facts.InActiveF1Quarantine);

        // No facts, and an order whose release day is today is over; a cancelled one is over.
        CardFactRows none = Read(bare.Id)!;
        Assert.Equal("01", none.ProvinceCode);
        Assert.Empty(none.Cases);
        Assert.Empty(none.CountedDoses);
        Assert.Null(none.LatestNegativeTest);
        Assert.False(none.InActiveF1Quarantine);
        Assert.False(Read(released.Id)!.InActiveF1Quarantine);
        Assert.Null(Read(999_999_999));
    }

    private static QuarantineOrder Order(long personId, DateOnly releaseOn) =>
        QuarantineOrder.ForContact(personId, new F1QuarantinePlan(releaseOn.AddDays(-7), false, 7, releaseOn.AddDays(-1), releaseOn, null, [releaseOn.AddDays(-1)], ["rt-pcr"], true),
            releaseOn.AddDays(-8), "f1.quarantine@national#1", null, null, s_now.AddDays(-7));
}
