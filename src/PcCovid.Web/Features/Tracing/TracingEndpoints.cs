using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Domain.Tracing;
using PcCovid.Web.Features.Audit;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Tracing;

/// <summary>
/// Contact tracing for the local CDC (epidemiologists: purpose, jurisdiction of the case's person, every read of
/// contacts audited) and the citizen's notification feed.
/// </summary>
public static class TracingEndpoints
{
    private const int MaxPageSize = 200;

    public sealed record EvidenceResponse(string Source, long? VenueId, string? VenueName, DateTime? OverlapStartUtc, DateTime? OverlapEndUtc, string? HouseholdCode, string? Note,
        int? Rssi = null, string? SourceSystem = null);

    public sealed record ContactResponse(long Id, long? PersonId, string? FullName, string? CommuneCode, string? FreeText, int Degree, long? ViaPersonId,
        IReadOnlyList<string> Sources, DateTime? LastExposureUtc, long? BecameCaseId, IReadOnlyList<EvidenceResponse> Evidence, bool Pending = false);

    public sealed record ContactsResponse(long CaseId, long PersonId, IReadOnlyList<ContactResponse> Contacts);

    /// <summary>
    /// A contact named in an interview: a person by citizen ID; or what the case said of them (name, phone, birth
    /// year, an ID number as remembered) matched like the imports' records, kept pending when it matches nobody or
    /// several; or free text only, kept for later matching.
    /// </summary>
    public sealed record AddContactRequest(string? CitizenId, string? FreeText, string? Note, string? Purpose, string? FullName = null, string? Phone = null,
        int? BirthYear = null, string? IdNumber = null);

    /// <summary>Resolves a pending contact by hand: the person by citizen ID or id.</summary>
    public sealed record MatchContactRequest(string? CitizenId, long? PersonId, string? Purpose);

    public sealed record MatchPendingResponse(long CaseId, int Pending, int Matched);

    public sealed record TraceResponse(long CaseId, int F1, int F2, int NewAlerts);

    public sealed record GraphNode(string Id, string Kind, long? PersonId, long? CaseId, string? Label, int? Degree);

    public sealed record GraphEdge(string From, string To, string Kind, IReadOnlyList<EvidenceResponse> Evidence);

    public sealed record GraphResponse(long CaseId, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges);

    public sealed record NotificationResponse(long Id, string Kind, string Title, string Body, DateTime CreatedAtUtc, DateTime? ReadAtUtc);

    public static void MapTracing(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder cases = routes.MapGroup("/api/staff/cases").WithTags("Contact tracing (staff)").RequireAuthorization(AccessPolicies.Epidemiologist);
        cases.MapGet("/{id:long}/contacts", ListContactsAsync).WithName("ListCaseContacts")
            .WithSummary("The F1 and F2 of a case with every piece of evidence (?purpose=; ?format=csv for the commune health station)");
        cases.MapPost("/{id:long}/contacts", AddContactAsync).WithName("AddCaseContact")
            .WithSummary("A contact from an interview: {citizenId} or {freeText}, with a note");
        cases.MapPost("/{id:long}/contacts/{contactId:long}/match", MatchContactAsync).WithName("MatchCaseContact")
            .WithSummary("Resolves a pending (free-text) contact to a person: {citizenId | personId, purpose}; merged into their contact when the case has one");
        cases.MapPost("/{id:long}/contacts/match-pending", MatchPendingAsync).WithName("MatchPendingCaseContacts")
            .WithSummary("Matches the case's pending contacts again against the registry (?purpose=)");
        cases.MapGet("/{id:long}/graph", GraphAsync).WithName("CaseGraph")
            .WithSummary("The transmission graph of a case (?depth=1|2&purpose=): the case, its contacts and the cases they became, edges with their evidence");
        cases.MapPost("/{id:long}/trace", TraceAsync).WithName("TraceCase")
            .WithSummary("Traces the case now (?depth=1|2&purpose=): venues, household; new F1s are alerted");

        routes.MapGet("/api/me/notifications", ListMineAsync).WithTags("Citizen").WithName("ListMyNotifications")
            .WithSummary("My notification feed, newest first (keyset: ?before=id)").RequireAuthorization(AccessPolicies.Citizen);
    }

    public static async Task<Results<Ok<KeysetPage<NotificationResponse>>, NotFound>> ListMineAsync(PcCovidDbContext db, CurrentActor actor, long? before, int? limit, CancellationToken cancellationToken)
    {
        if (actor.PersonId is not { } person)
        {
            return TypedResults.NotFound();
        }

        int take = Math.Clamp(limit ?? 50, 1, MaxPageSize);
        long upTo = before ?? long.MaxValue;
        List<Notification> rows = await db.Notifications.AsNoTracking().Where(n => n.PersonId == person && n.Id < upTo)
            .OrderByDescending(n => n.Id).Take(take + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        string? next = rows.Count > take ? string.Create(CultureInfo.InvariantCulture, $"?before={rows[take - 1].Id}&limit={take}") : null;
        return TypedResults.Ok(new KeysetPage<NotificationResponse>(
            [.. rows.Take(take).Select(n => new NotificationResponse(n.Id, n.Kind, n.Title, n.Body, n.CreatedAtUtc, n.ReadAtUtc))], next));
    }

    public static async Task<Results<Ok<ContactsResponse>, FileContentHttpResult, NotFound, ProblemHttpResult>> ListContactsAsync(
        long id, string? purpose, string? format, PcCovidDbContext db, CurrentActor actor, PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        Case? theCase = await CaseInJurisdictionAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
        if (theCase is null)
        {
            return TypedResults.NotFound();
        }

        ContactsResponse response = await LoadContactsAsync(db, theCase, cancellationToken).ConfigureAwait(false);
        List<long> subjects = [theCase.PersonId, .. response.Contacts.Where(c => c.PersonId is not null).Select(c => c.PersonId!.Value)];
        await audit.RecordReadsAsync(subjects, "case.contacts", stated, string.Create(CultureInfo.InvariantCulture, $"case {id}"), cancellationToken).ConfigureAwait(false);
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ToCsv(response))).ToArray(), "text/csv; charset=utf-8",
                string.Create(CultureInfo.InvariantCulture, $"case-{id}-contacts.csv"));
        }

        return TypedResults.Ok(response);
    }

    public static async Task<Results<Created<ContactResponse>, NotFound, ProblemHttpResult>> AddContactAsync(
        long id, AddContactRequest request, PcCovidDbContext db, CurrentActor actor, AuditTrail audit, PersonMatcher matcher, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (StaffPersonAccess.PurposeProblem(actor, request.Purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        Case? theCase = await CaseInJurisdictionAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
        if (theCase is null)
        {
            return TypedResults.NotFound();
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        CaseContact contact;
        try
        {
            ContactEvidence evidence = ContactEvidence.Interview(request.Note, actor.RequireAccountId(), now);
            long? matchedPerson = null;
            if (string.IsNullOrWhiteSpace(request.CitizenId) && !string.IsNullOrWhiteSpace(request.FullName))
            {
                PersonMatch[] match = await matcher.MatchAsync([new PersonClues(request.IdNumber, request.Phone, request.FullName, request.BirthYear)], cancellationToken).ConfigureAwait(false);
                matchedPerson = match[0].PersonId == theCase.PersonId ? null : match[0].PersonId;
            }

            if (matchedPerson is { } matched)
            {
                contact = await db.CaseContacts.Include(c => c.Evidence).SingleOrDefaultAsync(c => c.CaseId == id && c.PersonId == matched, cancellationToken).ConfigureAwait(false)
                    ?? db.CaseContacts.Add(CaseContact.ForPerson(id, matched, 1, null, now)).Entity;
                contact.PromoteTo(1);
            }
            else if (!string.IsNullOrWhiteSpace(request.FullName))
            {
                contact = db.CaseContacts.Add(CaseContact.Pending(id, request.FreeText, request.FullName, request.Phone, request.IdNumber, request.BirthYear, now)).Entity;
            }
            else if (!string.IsNullOrWhiteSpace(request.CitizenId))
            {
                Person? person = await PersonLookup.FindByCitizenIdAsync(db, request.CitizenId, cancellationToken).ConfigureAwait(false);
                if (person is null)
                {
                    return TypedResults.Problem("Không tìm thấy người có số CCCD này / No person has this citizen ID.", statusCode: StatusCodes.Status400BadRequest,
                        title: "Người không xác định / Unknown person", extensions: new Dictionary<string, object?> { ["code"] = "unknown-person" });
                }

                if (person.Id == theCase.PersonId)
                {
                    return TypedResults.Problem("Ca bệnh không là người tiếp xúc của chính mình / A case is not its own contact.", statusCode: StatusCodes.Status400BadRequest);
                }

                contact = await db.CaseContacts.Include(c => c.Evidence).SingleOrDefaultAsync(c => c.CaseId == id && c.PersonId == person.Id, cancellationToken).ConfigureAwait(false)
                    ?? db.CaseContacts.Add(CaseContact.ForPerson(id, person.Id, 1, null, now)).Entity;
                contact.PromoteTo(1);
            }
            else
            {
                contact = db.CaseContacts.Add(CaseContact.FromFreeText(id, request.FreeText ?? string.Empty, now)).Entity;
            }

            contact.Add(evidence);
        }
        catch (DomainException exception)
        {
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest, title: "Người tiếp xúc không hợp lệ / Invalid contact");
        }

        audit.Record(AuditActor.From(http), "case.contact-added", contact.PersonId, stated, string.Create(CultureInfo.InvariantCulture, $"case {id}"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        ContactsResponse all = await LoadContactsAsync(db, theCase, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created(string.Create(CultureInfo.InvariantCulture, $"/api/staff/cases/{id}/contacts"), all.Contacts.Single(c => c.Id == contact.Id));
    }

    public static async Task<Results<Ok<TraceResponse>, NotFound, ProblemHttpResult>> TraceAsync(
        long id, int? depth, string? purpose, PcCovidDbContext db, CurrentActor actor, TraceCase trace, INotificationSender sender, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out _) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        if (depth is not (null or 1 or 2))
        {
            return TypedResults.Problem("Độ sâu 1 hoặc 2 / depth is 1 or 2", statusCode: StatusCodes.Status400BadRequest);
        }

        if (await CaseInJurisdictionAsync(db, actor, id, cancellationToken).ConfigureAwait(false) is null)
        {
            return TypedResults.NotFound();
        }

        TraceCase.Outcome outcome = await trace.HandleAsync(id, depth, cancellationToken).ConfigureAwait(false);
        await sender.SendAsync(outcome.NewAlerts, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new TraceResponse(id, outcome.F1, outcome.F2, outcome.NewAlerts.Count));
    }

    public static async Task<Results<Ok<GraphResponse>, NotFound, ProblemHttpResult>> GraphAsync(
        long id, int? depth, string? purpose, PcCovidDbContext db, CurrentActor actor, PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        Case? theCase = await CaseInJurisdictionAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
        if (theCase is null)
        {
            return TypedResults.NotFound();
        }

        int levels = depth ?? 2;
        ContactsResponse contacts = await LoadContactsAsync(db, theCase, cancellationToken).ConfigureAwait(false);
        var nodes = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        var edges = new List<GraphEdge>();
        string caseNode = string.Create(CultureInfo.InvariantCulture, $"case:{theCase.Id}");
        string casePerson = string.Create(CultureInfo.InvariantCulture, $"person:{theCase.PersonId}");
        nodes[caseNode] = new GraphNode(caseNode, "case", theCase.PersonId, theCase.Id, "F0", 0);
        foreach (ContactResponse c in contacts.Contacts.Where(c => c.Degree <= levels))
        {
            string node = c.PersonId is { } p ? string.Create(CultureInfo.InvariantCulture, $"person:{p}") : string.Create(CultureInfo.InvariantCulture, $"contact:{c.Id}");
            nodes[node] = new GraphNode(node, "contact", c.PersonId, null, c.FullName ?? c.FreeText, c.Degree);
            string from = c.ViaPersonId is { } via ? string.Create(CultureInfo.InvariantCulture, $"person:{via}") : caseNode;
            edges.Add(new GraphEdge(from == casePerson ? caseNode : from, node, "contact", c.Evidence));
            if (c.BecameCaseId is { } became)
            {
                string becameNode = string.Create(CultureInfo.InvariantCulture, $"case:{became}");
                nodes[becameNode] = new GraphNode(becameNode, "case", c.PersonId, became, "F0", 0);
                edges.Add(new GraphEdge(node, becameNode, "became-case", []));
            }
        }

        List<long> subjects = [theCase.PersonId, .. contacts.Contacts.Where(c => c.PersonId is not null && c.Degree <= levels).Select(c => c.PersonId!.Value)];
        await audit.RecordReadsAsync(subjects, "case.graph", stated, string.Create(CultureInfo.InvariantCulture, $"case {id}"), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new GraphResponse(theCase.Id, [.. nodes.Values], edges));
    }

    public static async Task<Results<Ok<ContactResponse>, NotFound, ProblemHttpResult>> MatchContactAsync(long id, long contactId, MatchContactRequest request, PcCovidDbContext db,
        CurrentActor actor, AuditTrail audit, MatchPendingContacts matching, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (StaffPersonAccess.PurposeProblem(actor, request.Purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        Case? theCase = await CaseInJurisdictionAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
        CaseContact? contact = theCase is null ? null
            : await db.CaseContacts.Include(c => c.Evidence).SingleOrDefaultAsync(c => c.Id == contactId && c.CaseId == id, cancellationToken).ConfigureAwait(false);
        if (theCase is null || contact is null)
        {
            return TypedResults.NotFound();
        }

        if (!contact.IsPending)
        {
            return TypedResults.Problem("Người tiếp xúc này đã được xác định / This contact is already matched.", statusCode: StatusCodes.Status409Conflict);
        }

        Person? person = request.PersonId is { } pid
            ? await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == pid, cancellationToken).ConfigureAwait(false)
            : await PersonLookup.FindByCitizenIdAsync(db, request.CitizenId, cancellationToken).ConfigureAwait(false);
        if (person is null || person.Id == theCase.PersonId)
        {
            return TypedResults.Problem("Không tìm thấy người này / No such person (or the case's own person).", statusCode: StatusCodes.Status400BadRequest,
                title: "Người không xác định / Unknown person", extensions: new Dictionary<string, object?> { ["code"] = "unknown-person" });
        }

        Dictionary<long, CaseContact> existing = await db.CaseContacts.Include(c => c.Evidence).Where(c => c.CaseId == id && c.PersonId == person.Id)
            .ToDictionaryAsync(c => c.PersonId!.Value, cancellationToken).ConfigureAwait(false);
        matching.Resolve(contact, person.Id, existing, clock.GetUtcNow().UtcDateTime);
        audit.Record(AuditActor.From(http), "case.contact-matched", person.Id, stated, string.Create(CultureInfo.InvariantCulture, $"case {id} contact {contactId}"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        ContactsResponse all = await LoadContactsAsync(db, theCase, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(all.Contacts.Single(c => c.PersonId == person.Id));
    }

    public static async Task<Results<Ok<MatchPendingResponse>, NotFound, ProblemHttpResult>> MatchPendingAsync(long id, string? purpose, PcCovidDbContext db, CurrentActor actor,
        MatchPendingContacts matching, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out _) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        Case? theCase = await CaseInJurisdictionAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
        if (theCase is null)
        {
            return TypedResults.NotFound();
        }

        MatchPendingContacts.Outcome outcome = await matching.HandleAsync(id, theCase.PersonId, cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new MatchPendingResponse(id, outcome.Pending, outcome.Matched));
    }

    /// <summary>The case when its person lives in the actor's jurisdiction; null otherwise (answered 404, like a case that does not exist).</summary>
    private static async Task<Case?> CaseInJurisdictionAsync(PcCovidDbContext db, CurrentActor actor, long id, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking().Where(c => c.Id == id)
            .Join(db.People, c => c.PersonId, p => p.Id, (c, p) => new { Case = c, p.ProvinceCode, p.DistrictCode, p.CommuneCode })
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return found is not null && StaffPersonAccess.MayBrowse(actor, found.ProvinceCode, found.DistrictCode, found.CommuneCode) ? found.Case : null;
    }

    public static async Task<ContactsResponse> LoadContactsAsync(PcCovidDbContext db, Case theCase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(theCase);
        List<CaseContact> contacts = await db.CaseContacts.AsNoTracking().Include(c => c.Evidence).Where(c => c.CaseId == theCase.Id)
            .OrderBy(c => c.Degree).ThenBy(c => c.Id).AsSplitQuery().ToListAsync(cancellationToken).ConfigureAwait(false);
        List<long> people = [.. contacts.Where(c => c.PersonId is not null).Select(c => c.PersonId!.Value)];
        var names = await db.People.AsNoTracking().Where(p => people.Contains(p.Id)).Select(p => new { p.Id, p.FullName, p.CommuneCode })
            .ToDictionaryAsync(p => p.Id, cancellationToken).ConfigureAwait(false);
        List<long> venueIds = [.. contacts.SelectMany(c => c.Evidence).Where(e => e.VenueId is not null).Select(e => e.VenueId!.Value).Distinct()];
        var venues = await db.Venues.AsNoTracking().Where(v => venueIds.Contains(v.Id)).Select(v => new { v.Id, v.Name })
            .ToDictionaryAsync(v => v.Id, v => v.Name, cancellationToken).ConfigureAwait(false);
        return new ContactsResponse(theCase.Id, theCase.PersonId, [.. contacts.Select(c =>
        {
            var person = c.PersonId is { } p ? names.GetValueOrDefault(p) : null;
            return new ContactResponse(c.Id, c.PersonId, person?.FullName, person?.CommuneCode, c.FreeText, c.Degree, c.ViaPersonId, SourceNames(c.Sources),
                c.LastExposureUtc, c.BecameCaseId, [.. c.Evidence.OrderBy(e => e.Id).Select(e => new EvidenceResponse(SourceNames(e.Source)[0], e.VenueId,
                    e.VenueId is { } v ? venues.GetValueOrDefault(v) : null, e.OverlapStartUtc, e.OverlapEndUtc, e.HouseholdCode, e.Note, e.Rssi, e.SourceSystem))], c.IsPending);
        })]);
    }

    public static IReadOnlyList<string> SourceNames(ContactSources sources) =>
        [.. Enum.GetValues<ContactSources>().Where(s => s != ContactSources.None && (sources & s) != 0).Select(s => s.ToString().ToLowerInvariant())];

    /// <summary>One line per contact for the commune health station: who, degree, how, last exposure (Vietnam time).</summary>
    public static string ToCsv(ContactsResponse contacts)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        var csv = new StringBuilder("ma_ca_benh,muc_do,ma_nguoi,ho_ten,ma_xa,mo_ta,nguon,tiep_xuc_cuoi,dia_diem\n");
        foreach (ContactResponse c in contacts.Contacts)
        {
            string venues = string.Join("; ", c.Evidence.Where(e => e.VenueName is not null).Select(e => e.VenueName).Distinct());
            csv.Append(CultureInfo.InvariantCulture, $"{contacts.CaseId},F{c.Degree},{c.PersonId},{Quote(c.FullName)},{c.CommuneCode},{Quote(c.FreeText)},{string.Join('+', c.Sources)},")
                .Append(c.LastExposureUtc is { } last ? VietnamTime.Format(last) : string.Empty).Append(',').Append(Quote(venues)).Append('\n');
        }

        return csv.ToString();
    }

    private static string Quote(string? value) =>
        value is null ? string.Empty : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
