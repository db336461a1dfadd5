using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.Linkage;
using PcCovid.Domain.Migration;
using PcCovid.Domain.People;
using PcCovid.Web.Features.Migration.Sources;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Migration;

/// <summary>
/// The review queue of the migration for data stewards: legacy records the resolver scored between its
/// thresholds (or could not create a person for). A steward sees the record and the candidate side by
/// side (which fields agree, the score) and accepts the candidate, rejects it (a new person is created),
/// or picks another person. Every read and decision is audited with the identity-resolution purpose.
/// </summary>
public static class ReviewEndpoints
{
    public sealed record ReviewItem(long Id, string Source, string SourceRecordId, long? CandidatePersonId, double? Score, string Rule, DateTime DecidedAtUtc);

    public sealed record FieldComparison(string Field, string? Record, string? Candidate, string Verdict);

    public sealed record ReviewDetail(long Id, string Source, string SourceRecordId, long LineNumber, string Kind, long? CandidatePersonId, double? Score, string Rule, IReadOnlyList<FieldComparison> Fields);

    public sealed record PickRequest(long PersonId);

    public sealed record Decided(long Id, string Outcome, long PersonId, int FactsCreated);

    public static void MapMigrationReview(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder review = routes.MapGroup("/api/migration/review").WithTags("Migration");
        review.MapGet("", ListAsync).WithName("ListMigrationReview").RequireAuthorization(AccessPolicies.DataSteward)
            .WithSummary("Legacy records waiting for a steward (keyset: ?after=id)");
        review.MapGet("/{id:long}", GetAsync).WithName("GetMigrationReview").RequireAuthorization(AccessPolicies.DataSteward)
            .WithSummary("The legacy record and its candidate side by side: fields that agree or disagree, the score");
        review.MapPost("/{id:long}/accept", AcceptAsync).WithName("AcceptMigrationReview").RequireAuthorization(AccessPolicies.DataSteward)
            .WithSummary("The candidate is the person: link and write the record's fact");
        review.MapPost("/{id:long}/reject", RejectAsync).WithName("RejectMigrationReview").RequireAuthorization(AccessPolicies.DataSteward)
            .WithSummary("Nobody in the registry: create a new person from the record");
        review.MapPost("/{id:long}/pick", PickAsync).WithName("PickMigrationReview").RequireAuthorization(AccessPolicies.DataSteward)
            .WithSummary("Another person is the one: {personId}");
    }

    public static async Task<Ok<KeysetPage<ReviewItem>>> ListAsync(PcCovidDbContext db, CurrentActor actor, PersonalDataAudit audit, long? after, int? limit, CancellationToken cancellationToken)
    {
        int take = Math.Clamp(limit ?? 100, 1, 500);
        long from = after ?? 0;
        IQueryable<LegacyLink> query = db.LegacyLinks.AsNoTracking().Where(l => l.Outcome == LinkOutcome.Review && l.Id > from);
        if (actor.Scope is { Kind: ScopeKind.Province } scope)
        {
            query = query.Where(l => db.People.Any(p => p.Id == l.PersonId && p.ProvinceCode == scope.Code));
        }

        List<LegacyLink> rows = await query.OrderBy(l => l.Id).Take(take + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        string? next = rows.Count > take ? $"?after={rows[take - 1].Id}&limit={take}" : null;
        List<ReviewItem> items = rows.Take(take).Select(l => new ReviewItem(l.Id, l.Source, l.SourceRecordId, l.PersonId, l.Score, l.Rule, l.DecidedAtUtc)).ToList();
        await audit.RecordReadsAsync(items.Where(i => i.CandidatePersonId is not null).Select(i => i.CandidatePersonId!.Value).Distinct().ToList(),
            "migration-review.list", AccessPurpose.IdentityResolution, null, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new KeysetPage<ReviewItem>(items, next));
    }

    public static async Task<Results<Ok<ReviewDetail>, NotFound>> GetAsync(long id, PcCovidDbContext db, ReferenceData reference, CurrentActor actor, PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        (LegacyLink? link, Person? candidate) = await LoadAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
        if (link?.Payload is null)
        {
            return TypedResults.NotFound();
        }

        LegacyPayload record = LegacyPayload.FromJson(link.Payload);
        var fields = new List<FieldComparison>
        {
            Compare("name", record.FullName, candidate?.FullName, (a, b) => VietnameseText.Fold(a) == VietnameseText.Fold(b)),
            Compare("birth", record.BirthDay?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? record.BirthYear?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                candidate?.BirthDate.ToString(), (a, b) => a == b || (a.Length == 4 && b.StartsWith(a, StringComparison.Ordinal)) || (b.Length == 4 && a.StartsWith(b, StringComparison.Ordinal))),
            Compare("sex", record.Sex?.ToString(), candidate?.Sex.ToString(), (a, b) => a == b),
            Compare("document", record.DocumentNumber, candidate is null ? null : candidate.CitizenId ?? candidate.LegacyIdNumber ?? candidate.PassportNumber,
                (a, b) => a == b || a == candidate?.LegacyIdNumber || a == candidate?.PassportNumber || CitizenId.RestoreLeadingZeros(a) == b),
            Compare("phone", reference.Phones.Normalize(record.Phone).E164 ?? record.Phone, candidate?.Phones.FirstOrDefault()?.E164, (a, b) => candidate!.Phones.Any(p => p.E164 == a)),
            Compare("commune", record.CommuneCode ?? record.ProvinceCode, candidate?.CommuneCode, (a, b) => a == b || (a.Length == 2 && candidate?.ProvinceCode == a)),
        };
        if (candidate is not null)
        {
            await audit.RecordReadsAsync([candidate.Id], "migration-review.read", AccessPurpose.IdentityResolution, $"legacy link {id}", cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Ok(new ReviewDetail(link.Id, link.Source, link.SourceRecordId, link.LineNumber, record.Fact.Kind, link.PersonId, link.Score, link.Rule, fields));
    }

    public static Task<Results<Ok<Decided>, NotFound, ProblemHttpResult>> AcceptAsync(long id, PcCovidDbContext db, LegacyFactWriter facts, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock, CancellationToken cancellationToken) =>
        DecideAsync(id, null, "steward-accepted", db, facts, actor, audit, clock, cancellationToken);

    public static Task<Results<Ok<Decided>, NotFound, ProblemHttpResult>> PickAsync(long id, PickRequest request, PcCovidDbContext db, LegacyFactWriter facts, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return DecideAsync(id, request.PersonId, "steward-picked", db, facts, actor, audit, clock, cancellationToken);
    }

    public static Task<Results<Ok<Decided>, NotFound, ProblemHttpResult>> RejectAsync(long id, PcCovidDbContext db, LegacyFactWriter facts, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock, CancellationToken cancellationToken) =>
        DecideAsync(id, -1, "steward-new-person", db, facts, actor, audit, clock, cancellationToken);

    /// <summary><paramref name="personId"/>: null accepts the candidate, -1 creates a new person, else that person.</summary>
    private static async Task<Results<Ok<Decided>, NotFound, ProblemHttpResult>> DecideAsync(
        long id, long? personId, string rule, PcCovidDbContext db, LegacyFactWriter facts, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        (LegacyLink? link, Person? candidate) = await LoadAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
        if (link?.Payload is null || link.Outcome != LinkOutcome.Review)
        {
            return TypedResults.NotFound();
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        var record = LegacyPayload.FromJson(link.Payload).ToRecord();
        LinkOutcome outcome = LinkOutcome.Linked;
        long person;
        if (personId is null)
        {
            if (candidate is null)
            {
                return TypedResults.Problem("Không có người được đề xuất / there is no candidate to accept: pick a person or create one", statusCode: StatusCodes.Status400BadRequest);
            }

            person = candidate.Id;
        }
        else if (personId == -1)
        {
            if (facts.NewPerson(record, now) is not { } created)
            {
                return TypedResults.Problem("Bản ghi không đủ để tạo người mới (cần họ tên, năm sinh) / the record cannot make a new person (a name and a birth year are needed)", statusCode: StatusCodes.Status400BadRequest);
            }

            db.People.Add(created);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            person = created.Id;
            outcome = LinkOutcome.New;
        }
        else
        {
            Person? chosen = await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, cancellationToken).ConfigureAwait(false);
            if (chosen is null || (actor.Scope is { Kind: ScopeKind.Province } scope && chosen.ProvinceCode != scope.Code))
            {
                return TypedResults.NotFound();
            }

            person = chosen.Id;
        }

        int written = await facts.WriteAsync([(record, person)], null, cancellationToken).ConfigureAwait(false);
        if (record.Fact is HealthBookFact)
        {
            // The health book's number is part of its record (the steward linked it); other sources' numbers are not stored from review.
            written += await facts.StorePhonesAsync([(record, person)], cancellationToken).ConfigureAwait(false);
        }
        link.Resolve(outcome, person, rule, now);
        link.MarkFactWritten();
        audit.Record(person, "migration-review.decided", AccessPurpose.IdentityResolution, $"legacy link {id}: {rule}");
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new Decided(link.Id, ExportLinks.OutcomeCode(outcome), person, written));
    }

    private static async Task<(LegacyLink?, Person?)> LoadAsync(PcCovidDbContext db, CurrentActor actor, long id, CancellationToken cancellationToken)
    {
        LegacyLink? link = await db.LegacyLinks.SingleOrDefaultAsync(l => l.Id == id, cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return (null, null);
        }

        Person? candidate = link.PersonId is { } candidateId
            ? await db.People.AsNoTracking().Include(p => p.Phones).SingleOrDefaultAsync(p => p.Id == candidateId, cancellationToken).ConfigureAwait(false)
            : null;
        if (actor.Scope is { Kind: ScopeKind.Province } scope && candidate?.ProvinceCode != scope.Code)
        {
            // A provincial steward works the records whose candidate lives in the province.
            return (null, null);
        }

        return (link, candidate);
    }

    private static FieldComparison Compare(string field, string? record, string? candidate, Func<string, string, bool> agree) =>
        new(field, record, candidate, record is null || candidate is null ? "unknown" : agree(record, candidate) ? "agree" : "disagree");
}
