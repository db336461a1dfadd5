using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Data.ReferenceCounts;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Domain.Risk;
using PcCovid.Domain.Rules;
using PcCovid.Domain.Vaccination;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Risk;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Infrastructure;

namespace PcCovid.IntegrationTests.Risk;

/// <summary>
/// The risk levels' pre-aggregated inputs kept with the facts: after random writes (doses recorded,
/// declared, confirmed, removed; people registered and moved; cases opened and closed, several in one
/// save) the counts kept incrementally equal a recount from scratch, and a week's assessment read from
/// them equals one computed by brute force from the facts (doses given after the week's end included).
/// </summary>
public sealed class RiskCountsTests
{
    private static readonly DateOnly s_monday = new(2021, 11, 15);

    [Theory, BothProviders]
    public async Task CountsKeptWithRandomWrites_EqualARebuild_AndTheWeeksInputsEqualBruteForce(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        ReferenceData reference = app.Services.GetRequiredService<ReferenceData>();
        VaccineProduct[] products = [.. new[] { "Pfizer", "Jcovden", "Abdala", "Vaxzevria" }.Select(reference.Vaccines.Require)];
        var random = new Random(20211115);
        var ids = new List<long>();
        for (int i = 0; i < 24; i++)
        {
            ids.Add((await people.AddAsync(new DateOnly(1940 + random.Next(0, 70), 1 + random.Next(12), 1 + random.Next(28)), district: random.Next(3))).Id);
        }

        var now = new DateTime(2022, 1, 10, 0, 0, 0, DateTimeKind.Utc);
        var today = new DateOnly(2022, 1, 10);
        int serial = 0;
        Provenance Source() => new("pccovid", "t" + Interlocked.Increment(ref serial), now, isAuthoritative: true);
        DateOnly SomeDay() => new DateOnly(2021, 8, 1).AddDays(random.Next(150));
        DateTime SomeSample() => new DateTime(2021, 11, 8, 0, 0, 0, DateTimeKind.Utc).AddHours(random.Next(24 * 24));

        for (int op = 0; op < 160; op++)
        {
            await using PcCovidDbContext db = app.NewDbContext();
            long person = ids[random.Next(ids.Count)];
            int numbers = await db.Doses.CountAsync(d => d.PersonId == person);
            switch (random.Next(9))
            {
                case 0:
                case 1:
                    db.Doses.Add(Dose.Record(person, numbers + 1, products[random.Next(products.Length)], "L", SomeDay(), today, null, null, null, null, Source(), null, null));
                    break;
                case 2:
                    db.Doses.Add(Dose.Declare(person, numbers + 1, products[random.Next(products.Length)], "L", SomeDay(), today, "KR", "Seoul", Source(), null));
                    break;
                case 3:
                    if (await db.Doses.FirstOrDefaultAsync(d => d.IsSelfDeclared && d.ConfirmedAtUtc == null) is { } declared)
                    {
                        declared.Confirm(1, Guid.NewGuid(), now);
                    }

                    break;
                case 4:
                    if (await db.Doses.Where(d => d.PersonId == person).OrderByDescending(d => d.DoseNumber).FirstOrDefaultAsync() is { } last)
                    {
                        db.Doses.Remove(last);
                    }

                    break;
                case 5:
                    // Moved, and a dose the same day: one save, both changes.
                    Person moving = await db.People.SingleAsync(p => p.Id == person);
                    string district = reference.Catalog.ChildrenOf("01")[random.Next(3)].Code;
                    AdministrativeUnit commune = reference.Catalog.ChildrenOf(district)[0];
                    moving.MoveTo(new ResidenceAddress("01", district, commune.Code, "2 Phố Thử"), reference.Catalog, now);
                    db.Doses.Add(Dose.Record(person, numbers + 1, products[0], "L", SomeDay(), today, null, null, null, null, Source(), null, null));
                    break;
                case 6:
                    if (!await db.Cases.AnyAsync(c => c.PersonId == person && c.Status == CaseStatus.Active))
                    {
                        db.Cases.Add(Case.OpenFromResult(person, op, SomeSample(), now));
                    }

                    break;
                case 7:
                    if (await db.Cases.FirstOrDefaultAsync(c => c.PersonId == person && c.Status != CaseStatus.NotACase) is { } open)
                    {
                        open.ChangeStatus(open.Status == CaseStatus.Active && random.Next(2) == 0 ? CaseStatus.Recovered : CaseStatus.NotACase, now);
                    }

                    break;
                default:
                    await db.SaveChangesAsync();
                    ids.Add((await people.AddAsync(new DateOnly(1950 + random.Next(60), 6, 1), district: random.Next(3))).Id);
                    break;
            }

            await db.SaveChangesAsync();
        }

        (List<string> residence, List<string> cases) incremental = await SnapshotAsync(app);
        Assert.NotEmpty(incremental.cases);
        Assert.Contains(incremental.residence, r => !r.EndsWith("0 0 0", StringComparison.Ordinal));
        await using (AsyncServiceScope scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RebuildFactCounts>().HandleAsync(CancellationToken.None);
        }

        (List<string> residence, List<string> cases) rebuilt = await SnapshotAsync(app);
        Assert.Equal(rebuilt.residence, incremental.residence);
        Assert.Equal(rebuilt.cases, incremental.cases);

        // The week's inputs, from the counts, against brute force over the facts as of the week's end.
        await using (AsyncServiceScope scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AssessRiskLevels>().HandleAsync(s_monday, CancellationToken.None);
        }

        await using PcCovidDbContext check = app.NewDbContext();
        DateOnly weekEnd = s_monday.AddDays(6);
        RuleBook book = await app.Services.GetRequiredService<RuleCache>().GetAsync(CancellationToken.None);
        var rule = (RiskCriteriaRule)book.For(RuleKeys.RiskCriteria, "01", weekEnd)!.Value;
        var intervals = (VaccinationIntervalsRule)book.For(RuleKeys.VaccinationIntervals, null, weekEnd)!.Value;
        Assert.Equal("adults-18-at-least-one-dose", rule.CoverageMeasure);
        var everyone = await check.People.AsNoTracking().Select(p => new { p.Id, p.CommuneCode, p.BirthYear }).ToListAsync();
        var doses = (await check.Doses.AsNoTracking().ToListAsync()).Where(d => d.IsConfirmed && d.AdministeredOn <= weekEnd).ToLookup(d => d.PersonId);
        var weekCases = (await check.Cases.AsNoTracking().ToListAsync())
            .Where(c => c.Status != CaseStatus.NotACase && c.FirstPositiveSampledAtUtc is { } s && FactCounts.DayOf(s) >= s_monday && FactCounts.DayOf(s) <= weekEnd)
            .ToLookup(c => c.PersonId);
        List<RiskLevel> stored = await check.RiskLevels.AsNoTracking().Where(r => r.WeekStart == s_monday && r.UnitLevel == AdministrativeLevel.Commune).ToListAsync();
        Assert.NotEmpty(stored);
        foreach (var commune in everyone.GroupBy(p => p.CommuneCode!))
        {
            long adults = 0, covered = 0, elderly = 0, elderlyFull = 0, communeCases = 0;
            foreach (var p in commune)
            {
                var given = doses[p.Id].ToList();
                int required = given.Where(d => d.DoseNumber == 1).Select(d => intervals.For(d.ProductCode)?.PrimaryDoses ?? 2).DefaultIfEmpty(2).Max();
                bool full = given.Count >= required;
                adults += weekEnd.Year - p.BirthYear >= 18 ? 1 : 0;
                covered += weekEnd.Year - p.BirthYear >= 18 && given.Count > 0 ? 1 : 0;
                elderly += weekEnd.Year - p.BirthYear >= rule.ElderlyMinimumAge ? 1 : 0;
                elderlyFull += weekEnd.Year - p.BirthYear >= rule.ElderlyMinimumAge && full ? 1 : 0;
                communeCases += weekCases[p.Id].Count();
            }

            var inputs = new RiskInputs(commune.Count(), communeCases, null, null, adults, covered, elderly, elderlyFull, null);
            RiskLevel level = stored.Single(r => r.UnitCode == commune.Key);
            RiskResult expected = RiskAssessment.Assess(rule, inputs, null);
            Assert.Equal(inputs.Population, level.Population);
            Assert.Equal(inputs.CommunityCases, level.CommunityCases);
            Assert.Equal(expected.CoveragePercent, level.CoveragePercent);
            Assert.Equal(expected.ElderlyFullDosePercent, level.ElderlyFullDosePercent);
            Assert.Equal(expected.Level, level.Level);
        }
    }

    /// <summary>The counts kept so far equal a recount from the facts (and are left recounted).</summary>
    internal static async Task AssertCountsEqualARebuildAsync(PcCovidAppFactory app)
    {
        (List<string> residence, List<string> cases) kept = await SnapshotAsync(app);
        await using (AsyncServiceScope scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RebuildFactCounts>().HandleAsync(CancellationToken.None);
        }

        (List<string> residence, List<string> cases) rebuilt = await SnapshotAsync(app);
        Assert.Equal(rebuilt.residence, kept.residence);
        Assert.Equal(rebuilt.cases, kept.cases);
    }

    /// <summary>Every non-empty count row as text, in key order.</summary>
    internal static async Task<(List<string> Residence, List<string> Cases)> SnapshotAsync(PcCovidAppFactory app)
    {
        await using PcCovidDbContext db = app.NewDbContext();
        List<ResidenceCount> residence = await db.ResidenceCounts.AsNoTracking().ToListAsync();
        List<CommuneCaseCount> cases = await db.CommuneCaseCounts.AsNoTracking().ToListAsync();
        return (
            residence.Where(r => r.People != 0 || r.Dosed != 0 || r.FullyVaccinated != 0 || r.Boosted != 0)
                .OrderBy(r => r.CommuneCode, StringComparer.Ordinal).ThenBy(r => r.BirthYear)
                .Select(r => $"{r.CommuneCode} {r.BirthYear} {r.DistrictCode} {r.ProvinceCode} {r.People} {r.Dosed} {r.FullyVaccinated} {r.Boosted}").ToList(),
            cases.Where(c => c.Cases != 0).OrderBy(c => c.CommuneCode, StringComparer.Ordinal).ThenBy(c => c.Day)
                .Select(c => $"{c.CommuneCode} {c.Day:yyyy-MM-dd} {c.Cases}").ToList());
    }
}
