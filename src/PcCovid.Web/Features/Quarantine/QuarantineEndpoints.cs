using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.Quarantine;
using PcCovid.Web.Features.Citizens;
using PcCovid.Web.Features.People;
using PcCovid.Web.Infrastructure;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Quarantine;

/// <summary>
/// Quarantine and isolation orders: health workers issue (one person or a building at once), list,
/// release, extend and cancel them; the person (or their guardian) sees days left, test days and what to
/// do, reports symptoms daily, and prints the order.
/// </summary>
public static class QuarantineEndpoints
{
    public const int MaxPageSize = 500;

    public sealed record OrderSummary(
        long Id, long PersonId, string FullName, string Kind, string Status, DateOnly StartOn, DateOnly ReleaseOn, IReadOnlyList<DateOnly> TestDates,
        int DaysLeft, DateOnly? NextTestOn, bool ReleaseNeedsNegativeTest, string RuleVersion, DateOnly? LastReportOn, bool? LastReportHadSymptoms);

    public sealed record MyOrder(
        long Id, long PersonId, string Kind, string Status, DateOnly StartOn, DateOnly ReleaseOn, IReadOnlyList<DateOnly> TestDates, int DaysLeft, DateOnly? NextTestOn,
        string InstructionsVi, string InstructionsEn, IReadOnlyList<SymptomReport> Reports);

    public sealed record SymptomReport(DateOnly Day, IReadOnlyList<string> Symptoms, decimal? TemperatureCelsius);

    public sealed record SymptomRequest(DateOnly? Day, IReadOnlyList<string>? Symptoms, decimal? TemperatureCelsius);

    public static IEndpointRouteBuilder MapQuarantine(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder staff = routes.MapGroup("/api/staff/quarantine-orders").WithTags("Quarantine (staff)");
        staff.MapPost("/", IssueAsync).RequireAuthorization(AccessPolicies.Epidemiologist)
            .WithSummary("Issue F1 quarantine or F0 isolation orders for citizen IDs and/or household codes (all or nothing; ?purpose in the body)");
        staff.MapGet("/", ListAsync).RequireAuthorization(AccessPolicies.Epidemiologist)
            .WithSummary("Active orders of a commune (?commune=&purpose=, keyset ?after=id) with the latest symptom report");
        staff.MapPost("/{id:long}/changes", ChangeAsync).RequireAuthorization(AccessPolicies.Epidemiologist)
            .WithSummary("Release (a negative test from the registry is needed before the planned day), extend or cancel an order");
        routes.MapGet("/can-bo/lenh-cach-ly/{id:long}", StaffDocumentAsync).RequireAuthorization(AccessPolicies.Epidemiologist)
            .WithTags("Quarantine (staff)").WithSummary("The printable order (Vietnamese), ?purpose=");

        routes.MapGet("/api/me/quarantine", MineAsync).RequireAuthorization(AccessPolicies.Citizen).WithTags("Citizen")
            .WithSummary("My quarantine or isolation orders, or a dependant's (?personId=): days left, test days, what to do, my reports");
        routes.MapPost("/api/me/quarantine/{id:long}/symptoms", ReportAsync).RequireAuthorization(AccessPolicies.Citizen).WithTags("Citizen")
            .WithSummary("Today's symptom report for an order of mine or a dependant's (a second report the same day replaces the first)");
        routes.MapGet("/toi/lenh-cach-ly/{id:long}", CitizenDocumentAsync).RequireAuthorization(AccessPolicies.Citizen).WithTags("Citizen")
            .WithSummary("My printable order (Vietnamese)");
        return routes;
    }

    public static async Task<Results<Created<IssueQuarantineOrders.Result>, ValidationProblem>> IssueAsync(
        IssueQuarantineOrders.Request request, IssueQuarantineOrders issue, CancellationToken cancellationToken)
    {
        IssueQuarantineOrders.Result result = await issue.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        return result.Problems.Count > 0
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["orders"] = result.Problems.ToArray() },
                title: "Không lệnh nào được ban hành / No order was issued")
            : TypedResults.Created("/api/staff/quarantine-orders", result);
    }

    public static async Task<Results<Ok<KeysetPage<OrderSummary>>, ProblemHttpResult>> ListAsync(
        string? commune, string? purpose, long? after, int? limit, PcCovidDbContext db, ReferenceData reference, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }

        Domain.AdministrativeUnits.AdministrativeUnit? unit = commune is null ? null : reference.Catalog.FindCommune(commune);
        if (unit is null || !StaffPersonAccess.MayBrowse(actor, unit.ProvinceCode, unit.ParentCode, unit.Code))
        {
            return TypedResults.Problem("Cần mã xã trong địa bàn của bạn (?commune=) / A commune code in your jurisdiction is required (?commune=).", statusCode: StatusCodes.Status400BadRequest);
        }

        int take = Math.Clamp(limit ?? 100, 1, MaxPageSize);
        long from = after ?? 0;
        var rows = await db.QuarantineOrders.AsNoTracking()
            .Where(o => o.Status == QuarantineStatus.Active && o.Id > from)
            .Join(db.People.Where(p => p.CommuneCode == commune), o => o.PersonId, p => p.Id,
                (o, p) => new { Order = o, p.FullName })
            .OrderBy(x => x.Order.Id).Take(take + 1)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var page = rows.Take(take).ToList();
        var orderIds = page.Select(r => r.Order.Id).ToList();
        // The page's latest reports in one query, not one per row.
        var reports = await db.SymptomCheckIns.AsNoTracking()
            .Where(s => orderIds.Contains(s.OrderId))
            .GroupBy(s => s.OrderId)
            .Select(g => g.OrderByDescending(s => s.Day).First())
            .ToDictionaryAsync(s => s.OrderId, cancellationToken).ConfigureAwait(false);
        DateOnly today = VietnamTime.Today(clock);
        await audit.RecordReadsAsync(page.Select(r => r.Order.PersonId).ToList(), "quarantine.orders.list", stated, "commune " + commune, cancellationToken).ConfigureAwait(false);
        var items = page.Select(r => new OrderSummary(
            r.Order.Id, r.Order.PersonId, r.FullName, KindCode(r.Order.Kind), StatusCode(r.Order.Status), r.Order.StartOn, r.Order.ReleaseOn, r.Order.TestDateList,
            r.Order.DaysLeft(today), r.Order.NextTestOn(today), r.Order.ReleaseNeedsNegativeTest, r.Order.RuleVersion,
            reports.TryGetValue(r.Order.Id, out SymptomCheckIn? last) ? last.Day : null, last?.HasSymptoms)).ToList();
        string? next = rows.Count > take ? string.Create(CultureInfo.InvariantCulture, $"?commune={commune}&after={page[^1].Order.Id}&limit={take}") : null;
        return TypedResults.Ok(new KeysetPage<OrderSummary>(items, next));
    }

    public static async Task<Results<Ok<IssueQuarantineOrders.Issued>, NotFound>> ChangeAsync(
        long id, ChangeQuarantineOrder.Request request, ChangeQuarantineOrder change, CancellationToken cancellationToken)
    {
        QuarantineOrder? order = await change.HandleAsync(id, request, cancellationToken).ConfigureAwait(false);
        return order is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new IssueQuarantineOrders.Issued(order.Id, order.PersonId, order.StartOn, order.ReleaseOn, order.TestDateList, order.FullyVaccinatedOrRecovered, order.RuleVersion));
    }

    public static async Task<Results<Ok<IReadOnlyList<MyOrder>>, NotFound>> MineAsync(
        long? personId, PcCovidDbContext db, Guardians guardians, CurrentActor actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        long me = actor.RequirePersonId();
        long subject = personId ?? me;
        if (!await guardians.MayActForAsync(me, subject, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound();
        }

        DateOnly today = VietnamTime.Today(clock);
        List<QuarantineOrder> orders = await db.QuarantineOrders.AsNoTracking()
            .Where(o => o.PersonId == subject && (o.Status == QuarantineStatus.Active || o.ReleaseOn >= today.AddDays(-30)))
            .OrderByDescending(o => o.Id).Take(20).ToListAsync(cancellationToken).ConfigureAwait(false);
        var ids = orders.Select(o => o.Id).ToList();
        var reports = (await db.SymptomCheckIns.AsNoTracking().Where(s => ids.Contains(s.OrderId)).OrderBy(s => s.Day).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToLookup(s => s.OrderId);
        IReadOnlyList<MyOrder> result = orders.Select(o =>
        {
            (string vi, string en) = Instructions(o, today);
            return new MyOrder(o.Id, o.PersonId, KindCode(o.Kind), StatusCode(o.Status), o.StartOn, o.ReleaseOn, o.TestDateList, o.DaysLeft(today), o.NextTestOn(today), vi, en,
                reports[o.Id].Select(s => new SymptomReport(s.Day, s.Symptoms.Length == 0 ? [] : s.Symptoms.Split(','), s.TemperatureCelsius)).ToList());
        }).ToList();
        return TypedResults.Ok(result);
    }

    public static async Task<Results<NoContent, NotFound>> ReportAsync(
        long id, SymptomRequest request, PcCovidDbContext db, Guardians guardians, CurrentActor actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        long me = actor.RequirePersonId();
        QuarantineOrder? order = await db.QuarantineOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken).ConfigureAwait(false);
        if (order is null || !await guardians.MayActForAsync(me, order.PersonId, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound();
        }

        DateOnly today = VietnamTime.Today(clock);
        DateOnly day = request.Day ?? today;
        if (day > today || day < today.AddDays(-2))
        {
            throw new DomainException("Chỉ báo cáo cho hôm nay hoặc hai ngày trước / Report for today or the two days before only.");
        }

        SymptomCheckIn report = SymptomCheckIn.Report(order, day, request.Symptoms ?? [], request.TemperatureCelsius, me, clock.GetUtcNow().UtcDateTime);
        await db.SymptomCheckIns.Where(s => s.OrderId == id && s.Day == day).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        db.SymptomCheckIns.Add(report);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> StaffDocumentAsync(
        long id, string? purpose, PcCovidDbContext db, ReferenceData reference, CurrentActor actor, PersonalDataAudit audit, CancellationToken cancellationToken)
    {
        if (StaffPersonAccess.PurposeProblem(actor, purpose, out AccessPurpose stated) is { } problem)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }

        QuarantineOrder? order = await db.QuarantineOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken).ConfigureAwait(false);
        Domain.People.Person? person = order is null ? null : await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == order.PersonId, cancellationToken).ConfigureAwait(false);
        if (order is null || person is null || !StaffPersonAccess.MayBrowse(actor, person.ProvinceCode, person.DistrictCode, person.CommuneCode))
        {
            return TypedResults.NotFound();
        }

        await audit.RecordReadsAsync([person.Id], "quarantine.order.print", stated, null, cancellationToken).ConfigureAwait(false);
        return TypedResults.Content(QuarantineOrderDocument.Render(order, person, reference.Catalog), "text/html; charset=utf-8");
    }

    public static async Task<IResult> CitizenDocumentAsync(
        long id, PcCovidDbContext db, ReferenceData reference, Guardians guardians, CurrentActor actor, CancellationToken cancellationToken)
    {
        QuarantineOrder? order = await db.QuarantineOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken).ConfigureAwait(false);
        if (order is null || !await guardians.MayActForAsync(actor.RequirePersonId(), order.PersonId, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound();
        }

        Domain.People.Person person = await db.People.AsNoTracking().SingleAsync(p => p.Id == order.PersonId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Content(QuarantineOrderDocument.Render(order, person, reference.Catalog), "text/html; charset=utf-8");
    }

    /// <summary>What to do, in plain words, from the order's own dates.</summary>
    public static (string Vi, string En) Instructions(QuarantineOrder order, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Status != QuarantineStatus.Active)
        {
            return ("Lệnh đã kết thúc.", "The order has ended.");
        }

        string tests = string.Join(", ", order.TestDateList.Select(d => d.ToString("dd/MM", CultureInfo.InvariantCulture)));
        string testsEn = string.Join(", ", order.TestDateList.Select(d => d.ToString("d MMM", CultureInfo.InvariantCulture)));
        DateOnly last = order.ReleaseOn.AddDays(-1);
        string place = order.Kind == QuarantineKind.F0Isolation ? "cách ly tại nhà" : "cách ly";
        string placeEn = order.Kind == QuarantineKind.F0Isolation ? "isolate at home" : "stay in quarantine";
        string vi = string.Create(CultureInfo.InvariantCulture,
            $"Ở {place} đến hết ngày {last:dd/MM/yyyy} (còn {order.DaysLeft(today)} ngày). Xét nghiệm vào các ngày: {tests}. Báo cáo triệu chứng mỗi ngày; khó thở, sốt cao: gọi 115 hoặc trạm y tế.");
        string en = string.Create(CultureInfo.InvariantCulture,
            $"{char.ToUpperInvariant(placeEn[0])}{placeEn[1..]} until the end of {last:d MMM yyyy} ({order.DaysLeft(today)} days left). Tests on: {testsEn}. Report symptoms every day; shortness of breath or high fever: call 115 or the health station.");
        if (order.ReleaseNeedsNegativeTest)
        {
            vi += " Kết thúc khi có kết quả âm tính của lần xét nghiệm cuối.";
            en += " You are released after a negative result of the last test.";
        }

        return (vi, en);
    }

    public static string KindCode(QuarantineKind kind) => kind == QuarantineKind.F1Quarantine ? "f1-quarantine" : "f0-isolation";

    public static string StatusCode(QuarantineStatus status) => status switch
    {
        QuarantineStatus.Active => "active",
        QuarantineStatus.Released => "released",
        _ => "cancelled",
    };
}
