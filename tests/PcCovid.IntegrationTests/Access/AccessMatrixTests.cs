using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.IntegrationTests.Infrastructure;

namespace PcCovid.IntegrationTests.Access;

/// <summary>
/// The access matrix, generated from the running host's endpoint list: a new endpoint or page is
/// covered automatically, because it fails here until it declares a policy and has a row in the table.
/// Runs on SQLite only: it is about the HTTP layer, not the provider.
/// </summary>
public sealed class AccessMatrixTests
{
    private const string Anonymous = "anonymous";
    private const string Citizen = "citizen";

    private static readonly string[] s_roles =
        [Anonymous, Citizen, "venue-operator", "lab", "vaccination-site", "epidemiologist", "border-officer", "data-steward", "auditor", "administrator"];

    private static readonly string[] s_everyone = s_roles;
    private static readonly string[] s_signedIn = s_roles.Where(r => r != Anonymous).ToArray();
    private static readonly string[] s_staff = s_roles.Where(r => r is not Anonymous and not Citizen).ToArray();

    /// <summary>
    /// What each endpoint allows, written by hand from the specification (PRODUCT.md §1 roles). Keyed by
    /// "METHOD /route/pattern" as the host reports it (Razor pages: GET and their route).
    /// </summary>
    private static readonly Dictionary<string, string[]> s_matrix = new(StringComparer.Ordinal)
    {
        // Public: documentation, health, reference data, registry totals, the start of sign-in.
        ["GET /openapi/{documentName}.json"] = s_everyone,
        ["GET /api/docs/{documentName?}"] = s_everyone,
        ["GET /api/docs/scalar.js"] = s_everyone,
        ["GET /api/docs/scalar.aspnetcore.js"] = s_everyone,
        ["GET /api/docs/favicon.svg"] = s_everyone,
        ["GET /health/live"] = s_everyone,
        ["GET /health/ready"] = s_everyone,
        ["GET /health"] = s_everyone,
        ["GET /api/admin-units/provinces"] = s_everyone,
        ["GET /api/admin-units/{parentCode}/children"] = s_everyone,
        ["GET /api/admin-units/resolve"] = s_everyone,
        ["GET /api/population/summary"] = s_everyone,
        ["POST /api/auth/citizen/code"] = s_everyone,
        ["POST /api/auth/citizen/sign-in"] = s_everyone,
        ["POST /api/auth/staff/sign-in"] = s_everyone,
        ["POST /api/auth/staff/second-factor"] = s_everyone,
        ["GET /"] = s_everyone,
        ["GET /Index"] = s_everyone,
        ["GET /dang-nhap"] = s_everyone,
        ["GET /dang-nhap/ma"] = s_everyone,
        ["GET /can-bo/dang-nhap"] = s_everyone,
        ["GET /can-bo/xac-thuc"] = s_everyone,
        ["GET /dang-xuat"] = s_everyone,
        ["POST /ngon-ngu"] = s_everyone,
        ["GET /khong-co-quyen"] = s_everyone,

        // The development SMS outbox (this host runs the dev outbox; production refuses it at start).
        ["GET /dev/hop-thu"] = s_everyone,

        // Certificates: anyone at a gate verifies; the trust list is public; administrators revoke.
        ["POST /api/certificates/verify"] = s_everyone,
        ["GET /api/certificates/trust-list"] = s_everyone,
        ["GET /chung-nhan/kiem-tra"] = s_everyone,
        ["POST /api/certificates/revocations"] = ["administrator"],

        // Rules are published public-health policy: public to read; administrators add versions.
        ["GET /api/rules/"] = s_everyone,
        ["GET /api/rules/{key}"] = s_everyone,
        ["GET /api/rules/{key}/in-force"] = s_everyone,
        ["POST /api/rules/{key}/versions"] = ["administrator"],
        ["GET /quan-tri/quy-tac"] = ["administrator"],

        // Sign-in steps after the first.
        ["POST /api/auth/citizen/confirm-identity"] = [Citizen],
        ["GET /api/auth/staff/authenticator"] = s_staff,
        ["POST /api/auth/staff/authenticator"] = s_staff,
        ["POST /api/auth/sign-out"] = s_signedIn,
        ["GET /dang-nhap/xac-nhan"] = [Citizen],
        ["GET /can-bo/dang-ky-xac-thuc"] = s_staff,

        // The registry's import records: data stewards.
        ["GET /api/population/imports"] = ["data-steward"],
        ["GET /api/population/imports/{id:long}/rejections"] = ["data-steward"],

        // Administration.
        ["GET /api/admin/staff"] = ["administrator"],
        ["POST /api/admin/staff"] = ["administrator"],
        ["POST /api/admin/staff/{id:guid}/disable"] = ["administrator"],
        ["GET /api/admin/facilities"] = ["administrator"],
        ["POST /api/admin/facilities"] = ["administrator"],
        ["GET /quan-tri/can-bo"] = ["administrator"],

        // The citizen's own data.
        ["GET /api/me/"] = [Citizen],
        ["PUT /api/me/acting-for"] = [Citizen],
        ["GET /api/me/dependants/candidates"] = [Citizen],
        ["POST /api/me/dependants"] = [Citizen],
        ["DELETE /api/me/dependants/{personId:long}"] = [Citizen],
        ["POST /api/me/guardians"] = [Citizen],
        ["DELETE /api/me/guardians/{personId:long}"] = [Citizen],
        ["GET /api/citizen/people/{personId:long}"] = [Citizen],
        ["GET /api/me/access-log"] = [Citizen],
        ["GET /api/me/card"] = [Citizen],
        ["GET /toi"] = [Citizen],

        // The citizen app's pages (and their POST handlers, which Razor reports under the same route).
        ["GET /toi/check-in"] = [Citizen],
        ["GET /toi/khai-bao"] = [Citizen],
        ["GET /toi/suc-khoe"] = [Citizen],
        ["GET /toi/canh-bao"] = [Citizen],
        ["GET /toi/du-lieu"] = [Citizen],

        // The staff console: every staff role (after the second factor).
        ["GET /can-bo"] = s_staff,

        // Staff reads of a person: lookup by exact ID for the roles that meet people; the record for
        // the public-health roles. Venue operators, auditors and administrators never read people.
        ["POST /api/staff/people/lookup"] = ["epidemiologist", "data-steward", "lab", "vaccination-site", "border-officer"],
        ["GET /api/staff/people/{id:long}"] = ["epidemiologist", "data-steward"],
        ["GET /can-bo/tra-cuu"] = ["epidemiologist", "data-steward", "lab", "vaccination-site", "border-officer"],
        ["GET /can-bo/nguoi/{id:long}"] = ["epidemiologist", "data-steward"],
        ["GET /can-bo/ca-benh"] = ["epidemiologist"],
        ["GET /can-bo/ca-benh/{id:long}"] = ["epidemiologist"],
        ["GET /can-bo/cach-ly"] = ["epidemiologist"],
        ["GET /can-bo/dia-diem"] = ["epidemiologist", "administrator"],
        ["GET /can-bo/xet-nghiem/tai-len"] = ["lab"],
        ["GET /can-bo/tiem-chung/tai-len"] = ["vaccination-site"],
        ["GET /can-bo/tai-len/{id:long}/trang-thai"] = s_staff,
        ["GET /can-bo/chuyen-doi"] = ["data-steward"],
        ["GET /can-bo/chuyen-doi/{id:long}"] = ["data-steward"],
        ["GET /can-bo/doi-chieu"] = ["data-steward"],
        ["GET /can-bo/gop-nguoi"] = ["data-steward"],
        ["GET /can-bo/yeu-cau-sua"] = ["data-steward"],

        // Lab results: labs submit and list their own; data stewards work the review list; citizens see theirs.
        ["POST /api/lab/results"] = ["lab"],
        ["POST /api/lab/results/csv"] = ["lab"],
        ["GET /api/lab/results"] = ["lab"],
        ["GET /api/lab/review"] = ["data-steward"],
        ["GET /api/me/results"] = [Citizen],
        ["GET /api/me/certificates/test"] = [Citizen],
        ["GET /api/me/certificates/recovery"] = [Citizen],

        // FHIR R4: the capability statement is public; reads follow the person-record rules (own data
        // and dependants, or staff who may open a record); labs and vaccination sites send bundles.
        ["GET /fhir/metadata"] = s_everyone,

        // Quarantine: health workers order and follow; the person (or guardian) reads, reports and prints.
        ["POST /api/staff/quarantine-orders/"] = ["epidemiologist"],
        ["GET /api/staff/quarantine-orders/"] = ["epidemiologist"],
        ["GET /api/staff/corrections/"] = ["data-steward"],
        ["POST /api/staff/corrections/{id:long}/answer"] = ["data-steward"],
        ["POST /api/staff/quarantine-orders/{id:long}/changes"] = ["epidemiologist"],
        ["GET /can-bo/lenh-cach-ly/{id:long}"] = ["epidemiologist"],
        ["GET /api/me/quarantine"] = [Citizen],
        ["POST /api/me/quarantine/{id:long}/symptoms"] = [Citizen],
        ["GET /toi/lenh-cach-ly/{id:long}"] = [Citizen],

        // Risk levels are public aggregates; epidemiologists enter capacity and assess on demand.
        ["GET /api/risk/weeks"] = s_everyone,
        ["GET /api/risk/levels"] = s_everyone,

        // Dashboards: public aggregates (small counts suppressed); the area dashboard for staff.
        ["GET /api/dashboards/series"] = s_everyone,
        ["GET /api/dashboards/totals"] = s_everyone,
        ["GET /can-bo/bang-tin"] = s_staff,
        ["GET /api/risk/units/{code}/history"] = s_everyone,
        ["POST /api/risk/capacity"] = ["epidemiologist"],
        // On demand: national scope only (the matrix's epidemiologist is a district one: refused).
        ["POST /api/risk/assessments"] = ["administrator"],
        ["GET /fhir/Patient/{id:long}"] = [Citizen, "epidemiologist", "data-steward"],
        ["GET /fhir/Patient"] = [Citizen, "epidemiologist", "data-steward"],
        ["GET /fhir/Immunization"] = [Citizen, "epidemiologist", "data-steward"],
        ["GET /fhir/Observation"] = [Citizen, "epidemiologist", "data-steward"],
        ["POST /fhir/"] = ["lab", "vaccination-site"],
        // Vaccination: sites record, list, confirm and upload; data stewards work the review list;
        // citizens read and declare their own and dependants' doses and get their certificate;
        // public-health roles read a person's doses in their jurisdiction with a purpose.
        ["POST /api/vaccination/doses"] = ["vaccination-site"],
        ["GET /api/vaccination/doses"] = ["vaccination-site"],
        ["POST /api/vaccination/doses/{id:long}/confirm"] = ["vaccination-site"],
        ["POST /api/vaccination/imports"] = ["vaccination-site"],
        ["GET /api/vaccination/reviews"] = ["data-steward"],
        ["POST /api/vaccination/reviews/{id:long}/link"] = ["data-steward"],
        ["GET /api/citizen/people/{personId:long}/doses"] = [Citizen],
        ["POST /api/citizen/people/{personId:long}/doses"] = [Citizen],
        ["GET /api/me/certificates/vaccination"] = [Citizen],
        ["GET /api/staff/people/{id:long}/doses"] = ["epidemiologist", "data-steward"],

        // Health declarations: citizens for themselves and dependants; the local CDC reads its communes' follow-up list.
        ["POST /api/me/declarations/"] = [Citizen],
        ["GET /api/me/declarations/"] = [Citizen],
        ["GET /api/staff/follow-up"] = ["epidemiologist"],

        // Legacy records held for the owner of a phone: the citizen signed in with that phone answers them.
        ["GET /api/me/claims/"] = [Citizen],
        ["POST /api/me/claims/{id:long}"] = [Citizen],

        // The migration review queue: data stewards.
        ["GET /api/migration/review/"] = ["data-steward"],
        ["GET /api/migration/review/{id:long}"] = ["data-steward"],
        ["POST /api/migration/review/{id:long}/accept"] = ["data-steward"],
        ["POST /api/migration/review/{id:long}/reject"] = ["data-steward"],
        ["POST /api/migration/review/{id:long}/pick"] = ["data-steward"],
        // Migration jobs from the console: data stewards start (national ones: the matrix's steward) and watch them.
        ["POST /api/migration/runs/"] = ["data-steward"],
        ["GET /api/migration/runs/{id:long}"] = ["data-steward"],

        // Merge and unmerge of persons: data stewards.
        ["GET /api/migration/merges/"] = ["data-steward"],
        ["GET /api/migration/merges/candidates"] = ["data-steward"],
        ["GET /api/migration/merges/compare"] = ["data-steward"],
        ["POST /api/migration/merges/"] = ["data-steward"],
        ["POST /api/migration/merges/{id:long}/unmerge"] = ["data-steward"],

        // QR check-in: citizens check in (single, batch, the benchmark echo), out, read theirs and get their
        // personal QR; venue operators register, print and scan at their own venues; epidemiologists and
        // administrators approve and disable venues of their jurisdiction; the verification keys are public.
        // Contact tracing: epidemiologists of the case's jurisdiction read and export its contacts, add interview
        // contacts and trace on demand; citizens read their notification feed (F1 alerts).
        ["GET /api/staff/cases/{id:long}/contacts"] = ["epidemiologist"],
        ["POST /api/staff/cases/{id:long}/contacts"] = ["epidemiologist"],
        ["POST /api/staff/cases/{id:long}/trace"] = ["epidemiologist"],
        ["GET /api/staff/cases/{id:long}/graph"] = ["epidemiologist"],
        ["GET /api/me/notifications"] = [Citizen],
        ["POST /api/staff/cases/{id:long}/contacts/{contactId:long}/match"] = ["epidemiologist"],
        ["POST /api/staff/cases/{id:long}/contacts/match-pending"] = ["epidemiologist"],

        // Cases and clusters: the local CDC, within the jurisdiction, with a purpose.
        ["POST /api/staff/cases/"] = ["epidemiologist"],
        ["GET /api/staff/cases/"] = ["epidemiologist"],
        ["GET /api/staff/cases/{id:long}"] = ["epidemiologist"],
        ["POST /api/staff/cases/{id:long}/status"] = ["epidemiologist"],
        ["POST /api/staff/clusters/"] = ["epidemiologist"],
        ["GET /api/staff/clusters/"] = ["epidemiologist"],
        ["GET /api/staff/clusters/{id:long}"] = ["epidemiologist"],
        ["POST /api/staff/clusters/{id:long}/cases"] = ["epidemiologist"],
        ["DELETE /api/staff/clusters/{id:long}/cases/{caseId:long}"] = ["epidemiologist"],
        ["GET /api/staff/clusters/{id:long}/graph"] = ["epidemiologist"],

        // Bluetooth: the citizen's app fetches temporary ids and, as a case, uploads its log; staff upload with the case's code.
        ["GET /api/me/bluetooth/temp-ids"] = [Citizen],
        ["GET /api/me/bluetooth/upload-code"] = [Citizen],
        ["POST /api/me/bluetooth/encounters"] = [Citizen],
        ["POST /api/staff/cases/{id:long}/bluetooth/encounters"] = ["epidemiologist"],

        ["POST /api/check-ins/"] = [Citizen],
        ["POST /api/check-ins/batch"] = [Citizen],
        ["POST /api/check-ins/echo"] = [Citizen],
        ["POST /api/check-ins/{checkInId}/check-out"] = [Citizen],
        ["GET /api/me/check-ins"] = [Citizen],
        ["GET /api/me/qr/"] = [Citizen],
        ["GET /api/me/qr/printed"] = [Citizen],
        ["POST /api/me/qr/printed/revoke"] = [Citizen],
        ["GET /api/qr/keys"] = s_everyone,
        ["POST /api/venues/"] = ["venue-operator"],
        ["GET /api/venues/"] = ["venue-operator"],
        ["GET /api/venues/{id:long}/poster.png"] = ["venue-operator"],
        ["GET /api/venues/{id:long}/poster"] = ["venue-operator"],
        ["POST /api/venues/{id:long}/scans"] = ["venue-operator"],
        ["POST /api/venues/{id:long}/scans/batch"] = ["venue-operator"],
        ["GET /diem-den"] = ["venue-operator"],
        ["GET /diem-den/dang-ky"] = ["venue-operator"],
        ["GET /diem-den/{id:long}/quet"] = ["venue-operator"],
        ["GET /api/venues/review"] = ["epidemiologist", "administrator"],
        ["POST /api/venues/{id:long}/approve"] = ["epidemiologist", "administrator"],
        ["POST /api/venues/{id:long}/disable"] = ["epidemiologist", "administrator"],

        // The audit log: auditors.
        ["GET /api/audit/"] = ["auditor"],
        ["GET /api/audit/verify"] = ["auditor"],
        ["GET /Audit"] = ["auditor"],
        ["GET /Audit/Index"] = ["auditor"],
    };

    /// <summary>
    /// Endpoints whose handler itself answers 401 for a request that passed authorisation (a failed
    /// sign-in step). For these a 401 carrying the handler's sign-in-failed problem counts as allowed.
    /// </summary>
    private static readonly HashSet<string> s_handlerAnswers401 = new(StringComparer.Ordinal)
    {
        "POST /api/auth/staff/sign-in",
        "POST /api/auth/staff/second-factor",
    };

    /// <summary>Endpoints the matrix cannot send a request to, with the reason. Empty today: everything is exercised.</summary>
    private static readonly Dictionary<string, string> s_excluded = new(StringComparer.Ordinal);

    [Fact]
    public async Task EveryEndpoint_DeclaresAnonymousOrANamedPolicy()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database);
        _ = app.Server;

        var offenders = new List<string>();
        foreach ((string key, Endpoint endpoint) in Endpoints(app))
        {
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                continue;
            }

            IReadOnlyList<IAuthorizeData> authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            bool named = authorize.Any(a => !string.IsNullOrWhiteSpace(a.Policy));
            bool bareAllowed = key == "POST /api/auth/sign-out" && authorize.Count > 0;
            if (!named && !bareAllowed)
            {
                offenders.Add($"{key} ({endpoint.DisplayName}): {(authorize.Count == 0 ? "no authorisation metadata" : "[Authorize] without a policy")}");
            }
        }

        Assert.True(offenders.Count == 0, "Endpoints without AllowAnonymous or a named policy:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public async Task EveryRole_OnEveryEndpoint_IsAllowedOrDeniedAsSpecified()
    {
        await using TestDatabase database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new PcCovidAppFactory(database);
        List<(string Key, Endpoint Endpoint)> endpoints = Endpoints(app);

        // The table and the host must list the same endpoints.
        var keys = endpoints.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        problems.AddRange(keys.Where(k => !s_matrix.ContainsKey(k)).Order(StringComparer.Ordinal).Select(k => $"{k}: endpoint not in the access matrix — add it to the matrix"));
        problems.AddRange(s_matrix.Keys.Where(k => !keys.Contains(k)).Order(StringComparer.Ordinal).Select(k => $"{k}: matrix row without an endpoint in the host"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        Samples samples = await Samples.CreateAsync(app);
        Dictionary<string, HttpClient> clients = await SignInEveryRoleAsync(app, samples);

        // Sign-out ends the session the other requests need: it goes last.
        List<(string Key, Endpoint Endpoint)> ordered = endpoints
            .OrderBy(e => e.Key == "POST /api/auth/sign-out" ? 1 : 0)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToList();

        var mismatches = new List<string>();
        int sent = 0;
        foreach ((string key, Endpoint endpoint) in ordered)
        {
            if (s_excluded.ContainsKey(key))
            {
                continue;
            }

            string method = key[..key.IndexOf(' ', StringComparison.Ordinal)];
            string url = samples.Fill(((RouteEndpoint)endpoint).RoutePattern.RawText!);
            foreach (string role in s_roles)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method is "POST" or "PUT")
                {
                    request.Content = JsonContent.Create(new { });
                }

                using HttpResponseMessage response = await clients[role].SendAsync(request);
                sent++;
                bool expectedAllowed = s_matrix[key].Contains(role);
                (bool denied, string what) = await DeniedAsync(key, response);
                if (expectedAllowed == denied)
                {
                    mismatches.Add($"{role,-17} {method} {url}: expected {(expectedAllowed ? "allowed" : "denied")}, got {what}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {sent} requests broke the access matrix:\n" + string.Join("\n", mismatches) + "\n" + app.Logs.Errors);
        Assert.Equal(s_roles.Length * (endpoints.Count - s_excluded.Count), sent);
    }

    /// <summary>Whether the answer is an authorisation refusal: 401/403, or a page's redirect to sign-in or "no access".</summary>
    private static async Task<(bool Denied, string What)> DeniedAsync(string key, HttpResponseMessage response)
    {
        int status = (int)response.StatusCode;
        string what = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } location)
        {
            string path = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
            what += " → " + path;
            return (path is "/dang-nhap" or "/khong-co-quyen", what);
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized && s_handlerAnswers401.Contains(key))
        {
            string body = await response.Content.ReadAsStringAsync();
            bool handler = body.Contains("Sign-in failed", StringComparison.Ordinal);
            return (!handler, what + (handler ? " (the handler's sign-in failure)" : string.Empty));
        }

        return (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, what);
    }

    private static List<(string Key, Endpoint Endpoint)> Endpoints(PcCovidAppFactory app)
    {
        _ = app.Server;
        var result = new List<(string, Endpoint)>();
        foreach (Endpoint endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            if (endpoint is not RouteEndpoint route)
            {
                continue;
            }

            // Minimal APIs carry their methods; pages and health checks (mapped for any method) are read with GET.
            IReadOnlyList<string> methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            string pattern = "/" + (route.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            foreach (string method in methods)
            {
                result.Add(($"{method} {pattern}", endpoint));
            }
        }

        return result;
    }

    private static async Task<Dictionary<string, HttpClient>> SignInEveryRoleAsync(PcCovidAppFactory app, Samples samples)
    {
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal)
        {
            [Anonymous] = TestAccounts.NewClient(app),
            [Citizen] = await TestAccounts.SignInCitizenAsync(app, samples.Citizen),
        };
        foreach (StaffRole role in StaffRoles.All)
        {
            AccessScope scope = role switch
            {
                StaffRole.Epidemiologist => AccessScope.District(samples.Citizen.DistrictCode),
                StaffRole.VenueOperator => AccessScope.Facility(samples.Facilities[FacilityKind.Venue]),
                StaffRole.Lab => AccessScope.Facility(samples.Facilities[FacilityKind.Lab]),
                StaffRole.VaccinationSite => AccessScope.Facility(samples.Facilities[FacilityKind.VaccinationSite]),
                StaffRole.BorderOfficer => AccessScope.Facility(samples.Facilities[FacilityKind.PortOfEntry]),
                _ => AccessScope.National,
            };
            clients[role.Code()] = await TestAccounts.SignInStaffAsync(app, role, scope);
        }

        Assert.Equal(s_roles.Order(StringComparer.Ordinal), clients.Keys.Order(StringComparer.Ordinal));
        return clients;
    }

    /// <summary>Route values that exist where practical: the citizen's own person, a facility per kind, Hà Nội.</summary>
    private sealed class Samples
    {
        public required TestPerson Citizen { get; init; }

        public required Dictionary<FacilityKind, long> Facilities { get; init; }

        public static async Task<Samples> CreateAsync(PcCovidAppFactory app)
        {
            var people = new TestPeople(app);
            TestPerson citizen = await people.AddAsync(new DateOnly(1980, 5, 5), phone: "+84912300001");
            var facilities = new Dictionary<FacilityKind, long>();
            await using AsyncServiceScope scope = app.Services.CreateAsyncScope();
            PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<PcCovidDbContext>();
            foreach (FacilityKind kind in Enum.GetValues<FacilityKind>())
            {
                var facility = Facility.Register(kind, $"Cơ sở {kind}", citizen.CommuneCode, people.Catalog, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
                db.Facilities.Add(facility);
                await db.SaveChangesAsync();
                facilities[kind] = facility.Id;
            }

            return new Samples { Citizen = citizen, Facilities = facilities };
        }

        public string Fill(string rawPattern)
        {
            var url = new StringBuilder("/" + rawPattern.TrimStart('/'));
            url.Replace("{documentName}", "v1")
                .Replace("{documentName?}", "v1")
                .Replace("{parentCode}", "01")
                .Replace("{key}", "f1.quarantine")
                .Replace("{code}", "01")
                .Replace("{id:long}", Citizen.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Replace("{personId:long}", Citizen.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Replace("{contactId:long}", "1")
                .Replace("{caseId:long}", "1")
                .Replace("{id:guid}", Guid.NewGuid().ToString())
                .Replace("{checkInId}", "1-1767225600000-00000000000000ff");
            string filled = url.ToString();
            Assert.False(filled.Contains('{', StringComparison.Ordinal), $"No sample value for a parameter of {rawPattern}: add one to Samples.Fill.");
            return filled;
        }
    }
}
