using Microsoft.AspNetCore.Http.HttpResults;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.People;

/// <summary>
/// Staff reads of a person. Each states a purpose and is audited; a person outside the reader's
/// jurisdiction is answered 404, the same as a person who does not exist.
/// </summary>
public static class StaffPersonEndpoints
{
    public sealed record PersonIdentity(long Id, string FullName, int BirthYear, string Sex, string? CommuneCode, string? CommuneName);

    /// <summary>A lookup travels in the body: an ID number in a URL ends up in proxy and access logs.</summary>
    public sealed record LookupRequest(string? CitizenId, string? Purpose);

    public static RouteGroupBuilder MapStaffPeople(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder people = routes.MapGroup("/api/staff/people").WithTags("People (staff)");
        people.MapPost("/lookup", (LookupRequest request, PcCovidDbContext db, ReferenceData reference, CurrentActor actor, PersonalDataAudit audit, CancellationToken cancellationToken) =>
                LookupAsync(request?.CitizenId, request?.Purpose, db, reference, actor, audit, cancellationToken))
            .RequireAuthorization(AccessPolicies.PersonLookup)
            .WithSummary("Find a person by exact citizen ID ({citizenId, purpose} in the body): identity only");
        people.MapGet("/{id:long}", GetRecordAsync).RequireAuthorization(AccessPolicies.PersonRecord)
            .WithSummary("A person's record in your jurisdiction (?purpose=)");
        return people;
    }

    public static async Task<Results<Ok<PersonIdentity>, NotFound, ProblemHttpResult>> LookupAsync(
        string? citizenId, string? purpose, PcCovidDbContext db, ReferenceData reference, CurrentActor actor, PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        Person? person = await PersonLookup.FindByCitizenIdAsync(db, citizenId, cancellationToken).ConfigureAwait(false);
        if (person is null || !StaffPersonAccess.Covers(actor, person.ProvinceCode, person.DistrictCode, person.CommuneCode))
        {
            return TypedResults.NotFound();
        }

        await audit.RecordReadsAsync([person.Id], "person.lookup", stated, "by citizen ID", cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new PersonIdentity(person.Id, person.FullName, person.BirthYear, person.Sex.ToString(), person.CommuneCode,
            person.CommuneCode is { } c ? reference.Catalog.FindCommune(c)?.Name : null));
    }

    public static async Task<Results<Ok<PersonView>, NotFound, ProblemHttpResult>> GetRecordAsync(
        long id, string? purpose, PcCovidDbContext db, ReferenceData reference, CurrentActor actor, PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        PersonView? person = await PersonView.LoadAsync(db, reference, id, cancellationToken).ConfigureAwait(false);
        if (person is null || !StaffPersonAccess.MayBrowse(actor, person.ProvinceCode, person.DistrictCode, person.CommuneCode))
        {
            return TypedResults.NotFound();
        }

        await audit.RecordReadsAsync([person.Id], "person.read", stated, "person record", cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(person);
    }
}
