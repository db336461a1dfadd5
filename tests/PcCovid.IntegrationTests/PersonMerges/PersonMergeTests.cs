using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Data.People;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Domain.Declarations;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.Migration;
using PcCovid.Domain.People;
using PcCovid.Domain.Testing;
using PcCovid.Domain.Tracing;
using PcCovid.Domain.Vaccination;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure;

namespace PcCovid.IntegrationTests.PersonMerges;

/// <summary>
/// A data steward merges a person the migration created into the registry person of the same human: every
/// kind of fact moves to the survivor, lookups by the absorbed person's numbers lead to the survivor, and an
/// unmerge puts back exactly the rows that moved (a fact added to the survivor since stays with it).
/// </summary>
public sealed class PersonMergeTests
{
    private static readonly DateTime s_now = new(2021, 9, 1, 3, 0, 0, DateTimeKind.Utc);

    [Theory, BothProviders]
    public async Task Merge_MovesEveryKindOfFact_AndUnmerge_RestoresExactlyTheRowsThatMoved(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson survivor = await people.AddAsync(new DateOnly(1980, 3, 4), phone: "+84912000002", name: "Trần Thị Gộp", sex: Sex.Female);
        TestPerson third = await people.AddAsync(new DateOnly(1970, 1, 1), name: "Lê Văn Ba");
        TestPerson dependant = await people.AddAsync(new DateOnly(2015, 1, 1), name: "Trần Bé Con");
        long lab = await TestAccounts.AddFacilityAsync(app, FacilityKind.Lab, survivor.CommuneCode);
        long absorbed = await AddLegacyPersonAsync(app, "TRAN THI GOP", 1980, Sex.Female, citizenId: null, cmnd: "012345678", phones: ["+84912000001", "+84912000002"]);

        // Facts of the absorbed person, one or more of every kind a merge moves; one fact of the survivor's own.
        using (PcCovidDbContext db = app.NewDbContext())
        {
            VaccineProduct pfizer = app.Services.GetRequiredService<ReferenceData>().Vaccines.Require("Pfizer");
            db.HealthDeclarations.AddRange(Declaration(absorbed, "a1"), Declaration(absorbed, "a2"), Declaration(survivor.Id, "s1"));
            db.Doses.Add(Dose.Record(absorbed, 1, pfizer, "L1", new DateOnly(2021, 8, 1), new DateOnly(2021, 9, 1), null, null, null, null, Source("dose-a"), null, null));
            LabResult result = LabResult.Record(lab, "S-1", null, LabTestType.RtPcr, LabOutcome.Negative, null, s_now.AddDays(-3), s_now.AddDays(-2), Source("lab-a"), s_now);
            result.MatchTo(absorbed);
            db.LabResults.Add(result);
            Case own = Case.OpenFromResult(absorbed, 1, s_now.AddDays(-10), s_now);
            Case other = Case.OpenFromResult(third.Id, 1, s_now.AddDays(-5), s_now);
            db.Cases.AddRange(own, other);
            await db.SaveChangesAsync();
            CaseContact contact = CaseContact.ForPerson(other.Id, absorbed, 1, null, s_now);
            db.CaseContacts.Add(contact);
            await db.SaveChangesAsync();
            db.Notifications.Add(Notification.ForContact(absorbed, contact.Id, "F1", "F1", s_now));
            db.Guardianships.Add(Guardianship.Grant(absorbed, dependant.Id, GuardianshipBasis.HouseholdMinor, s_now));
            db.HealthInsuranceCards.Add(HealthInsuranceCard.Record(absorbed, "DN4010123456789", Source("bhyt-a")));
            db.LegacyLinks.Add(LegacyLink.Record("ncovi", "NC-A", new LinkDecision(LinkOutcome.New, absorbed, null, "new-person"), 0, 2, s_now));
            db.LegacyEncounters.Add(LegacyEncounter.Record("bz-a", "bz-x", absorbed, null, s_now.AddDays(-1), s_now.AddDays(-1).AddMinutes(20), -60, -10, s_now));
            HeldClaim claim = HeldClaim.Hold("+84912000001", "qr", "QR-A", "check-in", s_now.AddDays(-4), "Gộp", "{}", s_now);
            claim.Decide(ClaimDecision.Mine, absorbed, absorbed, s_now);
            db.HeldClaims.Add(claim);
            db.CorrectionRequests.Add(CorrectionRequest.Open(absorbed, absorbed, "identity", "Tên tôi có dấu", s_now));
            await db.SaveChangesAsync();
        }

        Dictionary<string, int> absorbedBefore = await CountsAsync(app, absorbed);
        Dictionary<string, int> survivorBefore = await CountsAsync(app, survivor.Id);
        Dictionary<string, List<long>> absorbedRows = await RowsAsync(app, absorbed);
        Assert.Equal(
            ["cases", "claims", "contacts", "correction-requests", "declarations", "doses", "guardianships", "insurance-cards", "lab-results", "legacy-encounters", "legacy-links", "notifications", "phones"],
            absorbedBefore.Keys.Order(StringComparer.Ordinal));

        HttpClient steward = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.National);
        HttpResponseMessage response = await steward.PostAsJsonAsync("/api/migration/merges", new { survivorPersonId = survivor.Id, absorbedPersonId = absorbed, reason = "Cùng họ tên, năm sinh, số điện thoại" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement merged = await response.Content.ReadFromJsonAsync<JsonElement>();
        long mergeId = merged.GetProperty("mergeId").GetInt64();

        // The risk counts followed the moved doses and cases, and the absorbed person left the population.
        await Risk.RiskCountsTests.AssertCountsEqualARebuildAsync(app);

        // Every fact moved except the phone both had (person + number is unique): it stays, the lookup follows the mark.
        Dictionary<string, int> absorbedAfter = await CountsAsync(app, absorbed);
        Dictionary<string, int> survivorAfter = await CountsAsync(app, survivor.Id);
        Assert.Equal(new Dictionary<string, int> { ["phones"] = 1 }, absorbedAfter);
        foreach ((string kind, int count) in absorbedBefore)
        {
            int expected = survivorBefore.GetValueOrDefault(kind) + count - (kind == "phones" ? 1 : 0);
            Assert.True(expected == survivorAfter.GetValueOrDefault(kind), $"{kind}: {survivorAfter.GetValueOrDefault(kind)} on the survivor, expected {expected}");
        }

        // Rows moved: every counted fact but the shared phone, plus the claim's decided-by and the request's requested-by columns.
        Assert.Equal(absorbedBefore.Values.Sum() - 1 + 2, merged.GetProperty("rowsMoved").GetInt32());
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Person marked = await db.People.AsNoTracking().SingleAsync(p => p.Id == absorbed);
            Assert.Equal(survivor.Id, marked.MergedIntoPersonId);
            Assert.Equal(survivor.Id, (await PersonLookup.FindByCitizenIdAsync(db, "012345678", CancellationToken.None))?.Id);
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "person.merge" && (e.SubjectPersonId == absorbed || e.SubjectPersonId == survivor.Id)));

            // A fact added to the survivor after the merge.
            db.HealthDeclarations.Add(Declaration(survivor.Id, "s-after"));
            await db.SaveChangesAsync();
        }

        // The batch matcher (lab and vaccination imports) also resolves the absorbed person's phone to the survivor.
        PcCovid.Web.Features.People.PersonMatch[] matches = await app.InScopeAsync(services => services.GetRequiredService<PersonMatcher>()
            .MatchAsync([new PersonClues(null, "0912000001", "Trần Thị Gộp", 1980)], CancellationToken.None));
        Assert.Equal(survivor.Id, Assert.Single(matches).PersonId);

        // The merge list shows it, newest first.
        JsonElement list = await steward.GetFromJsonAsync<JsonElement>("/api/migration/merges");
        Assert.Equal(mergeId, list.GetProperty("items")[0].GetProperty("id").GetInt64());

        HttpResponseMessage undone = await steward.PostAsync($"/api/migration/merges/{mergeId}/unmerge", null);
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        await Risk.RiskCountsTests.AssertCountsEqualARebuildAsync(app);
        Assert.Equal(absorbedBefore, await CountsAsync(app, absorbed));
        Dictionary<string, int> survivorRestored = await CountsAsync(app, survivor.Id);
        Assert.Equal(survivorBefore["declarations"] + 1, survivorRestored["declarations"]);
        survivorRestored["declarations"]--;
        Assert.Equal(survivorBefore, survivorRestored);
        Assert.Equal(absorbedRows, await RowsAsync(app, absorbed));
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Null((await db.People.AsNoTracking().SingleAsync(p => p.Id == absorbed)).MergedIntoPersonId);
            Assert.Equal(absorbed, (await PersonLookup.FindByCitizenIdAsync(db, "012345678", CancellationToken.None))?.Id);
            Assert.True(await db.HealthDeclarations.AnyAsync(d => d.PersonId == survivor.Id && d.SourceKey == "vhd:s-after"));
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "person.unmerge"));
        }

        // A second unmerge is refused with a reason in both languages.
        HttpResponseMessage again = await steward.PostAsync($"/api/migration/merges/{mergeId}/unmerge", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        JsonElement problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("already-unmerged", problem.GetProperty("code").GetString());
        Assert.Contains(" / ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory, BothProviders]
    public async Task Merge_IsRefused_WhenTheTwoCannotBeOnePerson_AndNothingChanges(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        var people = new TestPeople(app);
        TestPerson first = await people.AddAsync(new DateOnly(1990, 2, 3), name: "Phạm Văn Một");
        TestPerson second = await people.AddAsync(new DateOnly(1990, 2, 3), name: "Phạm Văn Một");
        long legacy = await AddLegacyPersonAsync(app, "Pham Van Mot", 1990, Sex.Male, null, null, []);
        long legacyTwin = await AddLegacyPersonAsync(app, "Pham Van Mot", 1990, Sex.Male, null, null, []);
        using (PcCovidDbContext db = app.NewDbContext())
        {
            db.Cases.AddRange(Case.OpenFromResult(first.Id, 1, s_now, s_now), Case.OpenFromResult(legacy, 1, s_now, s_now));
            db.HealthDeclarations.Add(Declaration(legacy, "r1"));
            await db.SaveChangesAsync();
        }

        HttpClient steward = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.National);
        async Task<string?> RefusedAsync(long survivor, long absorbed)
        {
            HttpResponseMessage response = await steward.PostAsJsonAsync("/api/migration/merges", new { survivorPersonId = survivor, absorbedPersonId = absorbed, reason = "thử" });
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        }

        Assert.Equal("two-citizen-ids", await RefusedAsync(first.Id, second.Id));
        Assert.Equal("survivor-without-citizen-id", await RefusedAsync(legacy, first.Id));
        Assert.Equal("two-active-cases", await RefusedAsync(first.Id, legacy));
        Assert.Equal("same-person", await RefusedAsync(first.Id, first.Id));
        using (PcCovidDbContext db = app.NewDbContext())
        {
            Assert.Equal(1, await db.HealthDeclarations.CountAsync(d => d.PersonId == legacy));
            Assert.False(await db.PersonMerges.AnyAsync());
            Assert.False(await db.People.AnyAsync(p => p.MergedIntoPersonId != null));
        }

        // Once merged, a person cannot be merged again (neither absorbed twice nor a survivor).
        Assert.Equal(HttpStatusCode.OK, (await steward.PostAsJsonAsync("/api/migration/merges", new { survivorPersonId = second.Id, absorbedPersonId = legacyTwin, reason = "thử" })).StatusCode);
        Assert.Equal("already-merged", await RefusedAsync(first.Id, legacyTwin));
        Assert.Equal("already-merged", await RefusedAsync(legacyTwin, legacy));
        Assert.Equal(HttpStatusCode.NotFound, (await steward.PostAsJsonAsync("/api/migration/merges", new { survivorPersonId = first.Id, absorbedPersonId = 987654321L, reason = "thử" })).StatusCode);
    }

    [Theory, BothProviders]
    public async Task OnlyDataStewards_MayCompareMergeOrUnmerge_WithinTheirProvince(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        TestPerson person = await new TestPeople(app).AddAsync(new DateOnly(1985, 5, 5), phone: "+84912000111", name: "Đỗ Văn Quyền");
        long legacy = await AddLegacyPersonAsync(app, "Do Van Quyen", 1985, Sex.Male, null, null, [], province: true);
        var body = new { survivorPersonId = person.Id, absorbedPersonId = legacy, reason = "thử" };

        HttpClient citizen = await TestAccounts.SignInCitizenAsync(app, person);
        HttpClient epidemiologist = await TestAccounts.SignInStaffAsync(app, StaffRole.Epidemiologist, AccessScope.National);
        foreach (HttpClient refused in new[] { citizen, epidemiologist })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await refused.PostAsJsonAsync("/api/migration/merges", body)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await refused.GetAsync($"/api/migration/merges/compare?a={person.Id}&b={legacy}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await refused.PostAsync("/api/migration/merges/1/unmerge", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await TestAccounts.NewClient(app).PostAsJsonAsync("/api/migration/merges", body)).StatusCode);
        HttpClient elsewhere = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.Province("79"));
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.PostAsJsonAsync("/api/migration/merges", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.GetAsync($"/api/migration/merges/compare?a={person.Id}&b={legacy}")).StatusCode);

        HttpClient steward = await TestAccounts.SignInStaffAsync(app, StaffRole.DataSteward, AccessScope.Province("01"));
        JsonElement comparison = await steward.GetFromJsonAsync<JsonElement>($"/api/migration/merges/compare?a={person.Id}&b={legacy}");
        Dictionary<string, string?> verdicts = comparison.GetProperty("fields").EnumerateArray()
            .ToDictionary(f => f.GetProperty("field").GetString()!, f => f.GetProperty("verdict").GetString());
        Assert.Equal(("agree", "agree", "unknown"), (verdicts["name"], verdicts["sex"], verdicts["citizen-id"]));
        Assert.Equal("survivor-without-citizen-id", comparison.GetProperty("refusalIfBSurvives").GetString());
        Assert.Equal(JsonValueKind.Null, comparison.GetProperty("refusalIfASurvives").ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await steward.PostAsJsonAsync("/api/migration/merges", body)).StatusCode);
    }

    [Theory, BothProviders]
    public async Task EveryPersonColumnOfTheModel_IsMovedByAMerge_OrLeftForAStatedReason(DatabaseProvider provider)
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(provider);
        await using var app = new PcCovidAppFactory(database);
        using PcCovidDbContext db = app.NewDbContext();
        var moved = PersonReferences.All.Select(r => $"{r.EntityName}.{r.Property}").ToHashSet(StringComparer.Ordinal);
        List<string> columns = db.Model.GetEntityTypes()
            .SelectMany(t => t.GetProperties().Where(p => p.Name.EndsWith("PersonId", StringComparison.Ordinal) && (p.ClrType == typeof(long) || p.ClrType == typeof(long?)))
                .Select(p => $"{t.ClrType.Name}.{p.Name}"))
            .ToList();
        List<string> unaccounted = columns.Where(c => !moved.Contains(c) && !PersonReferences.NotMoved.ContainsKey(c)).ToList();
        Assert.Empty(unaccounted);
        Assert.All(moved, m => Assert.Contains(m, columns));
        Assert.All(PersonReferences.All, r => Assert.Same(r, PersonReferences.Find(db, r.TableName(db), r.ColumnName(db))));
    }

    private static async Task<long> AddLegacyPersonAsync(PcCovidAppFactory app, string name, int birthYear, Sex sex, string? citizenId, string? cmnd, IReadOnlyList<string> phones, bool province = false)
    {
        var provenance = new Provenance("ncovi", "NC-" + name, s_now, isAuthoritative: false);
        var catalog = app.Services.GetRequiredService<ReferenceData>().Catalog;
        Person person = Person.RegisterFromLegacyRecord(name, BirthDate.OfYear(birthYear), sex, "VNM", citizenId, null, catalog, provenance);
        if (cmnd is not null)
        {
            person.RecordLegacyIdNumber(cmnd);
        }

        foreach (string phone in phones)
        {
            person.AddPhone(phone, convertedFromOldNumber: false, provenance);
        }

        if (province)
        {
            (string district, string commune) = new TestPeople(app).HanoiDistrict(0);
            person.MoveTo(new ResidenceAddress("01", district, commune, null), catalog, s_now);
        }

        using PcCovidDbContext db = app.NewDbContext();
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person.Id;
    }

    private static HealthDeclaration Declaration(long personId, string record) =>
        HealthDeclaration.Declare(personId, null, DeclarationKind.Domestic, s_now.AddHours(-2), DeclarationAnswers.None, null, null, new Provenance("vhd", record, s_now, isAuthoritative: false), s_now);

    private static Provenance Source(string record) => new("pccovid", record, s_now, isAuthoritative: true);

    private static async Task<Dictionary<string, int>> CountsAsync(PcCovidAppFactory app, long personId)
    {
        using PcCovidDbContext db = app.NewDbContext();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (PersonReference reference in PersonReferences.All.Where(r => r.Kind is not null))
        {
            int count = await reference.CountAsync(db, personId, CancellationToken.None);
            if (count > 0)
            {
                counts[reference.Kind!] = count;
            }
        }

        return counts;
    }

    /// <summary>The ids of the person's rows of a few kinds: unmerge must give back these rows, not merely as many.</summary>
    private static async Task<Dictionary<string, List<long>>> RowsAsync(PcCovidAppFactory app, long personId)
    {
        using PcCovidDbContext db = app.NewDbContext();
        return new Dictionary<string, List<long>>(StringComparer.Ordinal)
        {
            ["declarations"] = await db.HealthDeclarations.Where(d => d.PersonId == personId).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(),
            ["doses"] = await db.Doses.Where(d => d.PersonId == personId).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(),
            ["phones"] = await db.PersonPhones.Where(p => p.PersonId == personId).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(),
            ["cases"] = await db.Cases.Where(c => c.PersonId == personId).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(),
            ["contacts"] = await db.CaseContacts.Where(c => c.PersonId == personId).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(),
        };
    }
}
