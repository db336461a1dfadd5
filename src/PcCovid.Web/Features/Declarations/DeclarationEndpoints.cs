using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.Declarations;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Declarations;

/// <summary>
/// Health declarations (PRODUCT.md §2.3): a citizen declares for themselves or a dependant and lists
/// their declarations (their own, the migrated NCOVI/VHD ones included); the local CDC reads the
/// follow-up list of a commune in its jurisdiction, with a purpose, audited.
/// </summary>
public static class DeclarationEndpoints
{
    public const int MaxPageSize = 200;

    public sealed record TravelRequest(string? Mode, string? VehicleNumber, string? Seat, DateOnly? DepartureDate, DateOnly? ArrivalDate, string? FromCountry, string? FromProvinceCode, string? PortOfEntry);

    public sealed record AddressRequest(string? ProvinceCode, string? DistrictCode, string? CommuneCode, string? Line);

    public sealed record DeclareRequest(
        long? PersonId,
        string? Kind,
        IReadOnlyList<string>? Symptoms,
        IReadOnlyList<string>? Exposures,
        IReadOnlyList<string>? UnderlyingConditions,
        string? PlacesLast14Days,
        TravelRequest? Travel,
        AddressRequest? Address);

    public sealed record DeclarationResponse(
        long Id, long PersonId, string Kind, DateTime SubmittedAtUtc, IReadOnlyList<string> Symptoms, IReadOnlyList<string> Exposures,
        IReadOnlyList<string> UnderlyingConditions, string? PlacesLast14Days, string? TravelMode, string? VehicleNumber, string? Seat,
        DateOnly? DepartureDate, DateOnly? ArrivalDate, string? FromCountry, string? FromProvinceCode, string? PortOfEntry,
        string? ProvinceCode, string? DistrictCode, string? CommuneCode, string? AddressLine, bool NeedsFollowUp, bool DeclaredByGuardian,
        string SourceSystem, string SourceRecordId);

    public sealed record FollowUpResponse(long Id, long PersonId, string FullName, int BirthYear, string? Phone, long DeclarationId, string Reason, string CommuneCode, DateTime CreatedAtUtc);

    public static void MapDeclarations(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder me = routes.MapGroup("/api/me/declarations").WithTags("Citizen");
        me.MapPost("", DeclareAsync).WithName("SubmitDeclaration").RequireAuthorization(AccessPolicies.Citizen)
            .WithSummary("Submit a health declaration (domestic, domestic-movement, entry) for myself or a dependant (personId)");
        me.MapGet("", ListMineAsync).WithName("ListMyDeclarations").RequireAuthorization(AccessPolicies.Citizen)
            .WithSummary("My declarations or a dependant's (?personId=), newest first (keyset: ?before=id), migrated ones included");
        routes.MapGet("/api/staff/follow-up", FollowUpAsync).WithTags("Staff").WithName("ListFollowUp").RequireAuthorization(AccessPolicies.Epidemiologist)
            .WithSummary("The open follow-up list of a commune in your jurisdiction (?commune=&purpose=, keyset ?after=id)");
    }

    public static async Task<Results<Created<DeclarationResponse>, ValidationProblem, NotFound>> DeclareAsync(
        DeclareRequest request, SubmitDeclaration submit, Guardians guardians, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        long me = actor.RequirePersonId();
        long subject = request.PersonId ?? me;
        if (!await guardians.MayActForAsync(me, subject, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound();
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        DeclarationKind kind = request.Kind switch
        {
            "domestic" or null => DeclarationKind.Domestic,
            "domestic-movement" => DeclarationKind.DomesticMovement,
            "entry" => DeclarationKind.Entry,
            _ => 0,
        };
        if (kind == 0)
        {
            errors["kind"] = ["Loại tờ khai: domestic, domestic-movement hoặc entry / kind: domestic, domestic-movement or entry"];
        }

        TravelDetails? travel = null;
        if (request.Travel is { } t)
        {
            TravelMode? mode = t.Mode switch
            {
                "flight" => TravelMode.Flight, "train" => TravelMode.Train, "bus" => TravelMode.Bus, "car" => TravelMode.Car, "ship" => TravelMode.Ship, "other" or null => TravelMode.Other,
                _ => null,
            };
            if (mode is null)
            {
                errors["travel.mode"] = ["Phương tiện: flight, train, bus, car, ship, other / mode: flight, train, bus, car, ship, other"];
            }

            travel = new TravelDetails(mode ?? TravelMode.Other, t.VehicleNumber?.Trim(), t.Seat?.Trim(), t.DepartureDate, t.ArrivalDate, t.FromCountry?.Trim().ToUpperInvariant(), t.FromProvinceCode?.Trim(), t.PortOfEntry?.Trim());
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var answers = new DeclarationAnswers(request.Symptoms ?? [], request.Exposures ?? [], request.UnderlyingConditions ?? [], request.PlacesLast14Days);
        DeclarationAddress? address = request.Address is { } a ? new DeclarationAddress(a.ProvinceCode, a.DistrictCode, a.CommuneCode, a.Line) : null;
        DateTime now = clock.GetUtcNow().UtcDateTime;
        HealthDeclaration declaration;
        try
        {
            var provenance = new Provenance(SourceSystems.PcCovid, Guid.NewGuid().ToString("N"), now, isAuthoritative: false);
            declaration = await submit.HandleAsync(subject, me, kind, now, answers, travel, address, provenance, cancellationToken).ConfigureAwait(false);
        }
        catch (DomainException exception)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["declaration"] = [exception.Message] });
        }

        if (subject != me)
        {
            await audit.RecordReadsAsync([subject], "declaration.submitted-for-dependant", null, $"declaration {declaration.Id}", cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Created($"/api/me/declarations?personId={subject}", ToResponse(declaration));
    }

    public static async Task<Results<Ok<KeysetPage<DeclarationResponse>>, NotFound>> ListMineAsync(
        PcCovidDbContext db, Guardians guardians, CurrentActor actor, long? personId, long? before, int? limit, CancellationToken cancellationToken)
    {
        long me = actor.RequirePersonId();
        long subject = personId ?? me;
        if (!await guardians.MayActForAsync(me, subject, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound();
        }

        int take = Math.Clamp(limit ?? 50, 1, MaxPageSize);
        long until = before ?? long.MaxValue;
        List<HealthDeclaration> rows = await db.HealthDeclarations.AsNoTracking()
            .Where(d => d.PersonId == subject && d.Id < until)
            .OrderByDescending(d => d.Id).Take(take + 1)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        string? next = rows.Count > take ? $"?personId={subject}&before={rows[take - 1].Id}&limit={take}" : null;
        return TypedResults.Ok(new KeysetPage<DeclarationResponse>(rows.Take(take).Select(ToResponse).ToList(), next));
    }

    public static async Task<Results<Ok<KeysetPage<FollowUpResponse>>, NotFound, ProblemHttpResult>> FollowUpAsync(
        string? commune, string? purpose, long? after, int? limit, PcCovidDbContext db, ReferenceData reference, CurrentActor actor, PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Thiếu mục đích / Purpose required");
        }

        if (commune is null || reference.Catalog.FindCommune(commune) is not { } unit)
        {
            return TypedResults.Problem("Cần mã xã/phường hợp lệ (commune=) / a valid commune code is required (commune=)", statusCode: StatusCodes.Status400BadRequest);
        }

        string? district = unit.ParentCode;
        string? province = district is null ? null : reference.Catalog.FindDistrict(district)?.ParentCode;
        if (!StaffPersonAccess.MayBrowse(actor, province, district, commune))
        {
            return TypedResults.NotFound();
        }

        int take = Math.Clamp(limit ?? 100, 1, MaxPageSize);
        long from = after ?? 0;
        var rows = await db.FollowUpEntries.AsNoTracking()
            .Where(e => e.CommuneCode == commune && e.ClosedAtUtc == null && e.Id > from)
            .Join(db.People, e => e.PersonId, p => p.Id, (e, p) => new { e, p.FullName, p.BirthYear, Phone = p.Phones.OrderBy(x => x.Id).Select(x => x.E164).FirstOrDefault() })
            .OrderBy(x => x.e.Id).Take(take + 1)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        string? next = rows.Count > take ? $"?commune={commune}&purpose={stated.Code()}&after={rows[take - 1].e.Id}&limit={take}" : null;
        List<FollowUpResponse> items = rows.Take(take).Select(r => new FollowUpResponse(r.e.Id, r.e.PersonId, r.FullName, r.BirthYear, r.Phone, r.e.DeclarationId, r.e.Reason, r.e.CommuneCode, r.e.CreatedAtUtc)).ToList();
        await audit.RecordReadsAsync(items.Select(i => i.PersonId).Distinct().ToList(), "follow-up.read", stated, $"commune {commune}", cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new KeysetPage<FollowUpResponse>(items, next));
    }

    public static DeclarationResponse ToResponse(HealthDeclaration d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new DeclarationResponse(
            d.Id, d.PersonId, KindCode(d.Kind), d.SubmittedAtUtc, d.SymptomList, d.ExposureList, d.ConditionList, d.PlacesLast14Days,
            d.TravelMode?.ToString().ToLowerInvariant(), d.VehicleNumber, d.Seat, d.DepartureDate, d.ArrivalDate, d.FromCountry, d.FromProvinceCode, d.PortOfEntry,
            d.ProvinceCode, d.DistrictCode, d.CommuneCode, d.AddressLine, d.NeedsFollowUp, d.DeclaredByPersonId is not null,
            d.Provenance.SourceSystem, d.Provenance.SourceRecordId);
    }

    public static string KindCode(DeclarationKind kind) => kind switch
    {
        DeclarationKind.DomesticMovement => "domestic-movement",
        DeclarationKind.Entry => "entry",
        _ => "domestic",
    };
}
