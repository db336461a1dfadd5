using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Audit;
using PcCovid.IntegrationTests.Infrastructure;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.IntegrationTests.Audit;

public sealed class AuditReadTests
{
    private static readonly Guid s_citizenAccount = Guid.Parse("9a3e0c55-2b7d-4f61-8e0a-1c2d3e4f5a6b");
    private static readonly Guid s_auditorAccount = Guid.Parse("5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a");

    [Theory, BothProviders]
    public async Task Read_ByStaff_IsLoggedWithActorSubjectPurposeAndAddress(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider);

        await host.InScopeAsync(services => services.GetRequiredService<AuditTrail>().RecordAsync(
            AuditHost.Epidemiologist, AuditActions.PersonRead, 1_000_001, AccessPurpose.CaseInvestigation, "GetPerson", CancellationToken.None));

        using PcCovidDbContext db = host.App.Services.CreateScope().ServiceProvider.GetRequiredService<PcCovidDbContext>();
        AuditEntry entry = await db.AuditEntries.SingleAsync();
        Assert.Equal(AuditHost.Epidemiologist.AccountId, entry.ActorAccountId);
        Assert.Equal("epidemiologist", entry.ActorRole);
        Assert.Equal("district:760", entry.ActorScope);
        Assert.Equal(1_000_001, entry.SubjectPersonId);
        Assert.Equal("person.read", entry.Action);
        Assert.Equal("case-investigation", entry.Purpose);
        Assert.Equal("203.0.113.7", entry.SourceAddress);
        Assert.Equal("GetPerson", entry.Detail);
        Assert.Equal(DateTimeKind.Utc, entry.AtUtc.Kind);
        Assert.Null(entry.Sequence);
    }

    [Theory, BothProviders]
    public async Task AuditorSearch_FiltersNewestFirstByKey_AndIsItselfLogged(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider);
        await host.RecordReadsAsync(3);
        await host.InScopeAsync(services => services.GetRequiredService<AuditTrail>().RecordAsync(
            AuditHost.Epidemiologist, AuditActions.PersonRead, 1_000_002, AccessPurpose.Vaccination, null, CancellationToken.None));
        var auditor = new AuditActor(s_auditorAccount, "auditor", "national", "198.51.100.4");

        SearchAuditLog.Page first = await host.InScopeAsync(services => services.GetRequiredService<SearchAuditLog>()
            .RunAsync(auditor, new SearchAuditLog.Query(1_000_002, null, "person.read", null, null, null, 1), CancellationToken.None));
        SearchAuditLog.Page second = await host.InScopeAsync(services => services.GetRequiredService<SearchAuditLog>()
            .RunAsync(auditor, new SearchAuditLog.Query(1_000_002, null, "person.read", null, null, first.NextBefore, 1), CancellationToken.None));

        Assert.Equal("vaccination", Assert.Single(first.Items).Purpose);
        Assert.NotNull(first.NextBefore);
        Assert.Equal("contact-tracing", Assert.Single(second.Items).Purpose);
        Assert.Null(second.NextBefore);
        using PcCovidDbContext db = host.App.Services.CreateScope().ServiceProvider.GetRequiredService<PcCovidDbContext>();
        List<AuditEntry> searches = await db.AuditEntries.Where(e => e.Action == AuditActions.AuditSearch).ToListAsync();
        Assert.Equal(2, searches.Count);
        Assert.All(searches, s => Assert.Equal((s_auditorAccount, 1_000_002L), (s.ActorAccountId!.Value, s.SubjectPersonId!.Value)));
    }

    [Theory, BothProviders]
    public async Task MyAccessLog_ShowsWhoReadMyDataAndWhy_ButNotMyOwnReadsNorTheStaffAccount(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider);
        await host.InScopeAsync(async services =>
        {
            AuditTrail trail = services.GetRequiredService<AuditTrail>();
            trail.Record(AuditHost.Epidemiologist, AuditActions.PersonRead, 1_000_001, AccessPurpose.ContactTracing, "GetPerson");
            trail.Record(new AuditActor(s_citizenAccount, "citizen", null, null), AuditActions.PersonRead, 1_000_001);
            trail.Record(AuditHost.Epidemiologist, AuditActions.PersonRead, 1_000_999, AccessPurpose.ContactTracing);
            trail.Record(AuditActor.System, AuditActions.PersonWrite, 1_000_001);
            return await services.GetRequiredService<PcCovidDbContext>().SaveChangesAsync();
        });
        var citizen = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, s_citizenAccount.ToString()), new Claim(PcCovidClaims.PersonId, "1000001"), new Claim(PcCovidClaims.AccountKind, "citizen")],
            "test"));

        var response = await host.InScopeAsync(services => AuditEndpoints.GetMyAccessLogAsync(
            citizen, services.GetRequiredService<ListMyAccessLog>(), null, null, CancellationToken.None));

        ListMyAccessLog.Page page = Assert.IsType<Ok<ListMyAccessLog.Page>>(response.Result).Value!;
        Assert.Equal(["system", "epidemiologist"], page.Items.Select(i => i.ActorRole));
        ListMyAccessLog.Item read = page.Items[1];
        Assert.Equal("district:760", read.ActorScope);
        Assert.Equal("Truy vết tiếp xúc", read.PurposeVietnamese);
        Assert.Equal("Contact tracing", read.PurposeEnglish);
        Assert.Equal(TimeSpan.FromHours(7), read.AtVietnamTime.Offset);
        Assert.Equal(read.AtUtc, read.AtVietnamTime.UtcDateTime);
        Assert.DoesNotContain(typeof(ListMyAccessLog.Item).GetProperties(), p => p.PropertyType == typeof(Guid) || p.PropertyType == typeof(Guid?));
    }

    [Theory, BothProviders]
    public async Task MyAccessLog_WithoutALinkedPerson_IsRefused(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider);
        var unlinked = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, s_citizenAccount.ToString())], "test"));

        var response = await host.InScopeAsync(services => AuditEndpoints.GetMyAccessLogAsync(
            unlinked, services.GetRequiredService<ListMyAccessLog>(), null, null, CancellationToken.None));

        Assert.Equal((int)HttpStatusCode.Forbidden, Assert.IsType<ProblemHttpResult>(response.Result).StatusCode);
    }

    [Theory, BothProviders]
    public async Task Endpoints_AreMappedAndNeedAuthorisation(DatabaseProvider provider)
    {
        await using AuditHost host = await AuditHost.StartAsync(provider);
        var endpoints = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        foreach (string route in new[] { "/api/audit/", "/api/audit/verify", "/api/me/access-log", "Audit/Index" })
        {
            RouteEndpoint endpoint = Assert.Single(endpoints, e => e.RoutePattern.RawText == route.TrimStart('/') || e.RoutePattern.RawText == route);
            Assert.NotEmpty(endpoint.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>());
        }
    }
}
