using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Domain.Quarantine;
using PcCovid.Domain.Rules;
using PcCovid.Web.Features.People;
using PcCovid.Web.Features.Rules;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Quarantine;

/// <summary>
/// Issues quarantine (F1) or home-isolation (F0) orders for one person or many at once (a building, a
/// cluster: citizen IDs and/or household codes). Each person's dates come from the rule in force in
/// their province on the day of the order, applied to their own vaccination status. All or nothing: an
/// unknown ID, a person outside the staff member's jurisdiction or one already under an active order of
/// that kind refuses the whole request, naming each problem.
/// </summary>
public sealed class IssueQuarantineOrders(PcCovidDbContext db, RuleCache rules, CurrentActor actor, PersonalDataAudit audit, TimeProvider clock)
{
    public const int MaxPeoplePerRequest = 2_000;

    public sealed record Request(
        string? Kind,
        IReadOnlyList<string>? CitizenIds,
        IReadOnlyList<string>? HouseholdCodes,
        DateOnly? LastExposureOn,
        DateOnly? PositiveSampleOn,
        string? Purpose);

    public sealed record Issued(long OrderId, long PersonId, DateOnly StartOn, DateOnly ReleaseOn, IReadOnlyList<DateOnly> TestDates, bool FullyVaccinatedOrRecovered, string RuleVersion);

    public sealed record Result(Guid? BatchId, IReadOnlyList<Issued> Orders, IReadOnlyList<string> Problems);

    public async Task<Result> HandleAsync(Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        if (StaffPersonAccess.PurposeProblem(actor, request.Purpose, out AccessPurpose purpose) is { } purposeProblem)
        {
            return new Result(null, [], [purposeProblem]);
        }

        QuarantineKind kind = request.Kind switch
        {
            "f1" => QuarantineKind.F1Quarantine,
            "f0" => QuarantineKind.F0Isolation,
            _ => 0,
        };
        DateOnly today = VietnamTime.Today(clock);
        if (kind == 0)
        {
            problems.Add("kind: f1 (cách ly F1 / contact quarantine) hoặc f0 (cách ly tại nhà / home isolation)");
        }
        else if (kind == QuarantineKind.F1Quarantine && request.LastExposureOn is not { } exposure)
        {
            problems.Add("lastExposureOn: cần ngày tiếp xúc cuối / the last exposure date is required for an F1 order");
        }
        else if (kind == QuarantineKind.F0Isolation && request.PositiveSampleOn is null)
        {
            problems.Add("positiveSampleOn: cần ngày lấy mẫu dương tính / the positive sample date is required for an F0 order");
        }

        DateOnly? day1 = kind == QuarantineKind.F1Quarantine ? request.LastExposureOn : request.PositiveSampleOn;
        if (day1 is { } d && (d > today || d < today.AddDays(-60)))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Ngày {d:dd/MM/yyyy} không hợp lệ (trong tương lai hoặc quá 60 ngày) / The date {d:yyyy-MM-dd} is in the future or more than 60 days ago"));
        }

        var citizenIds = (request.CitizenIds ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var households = (request.HouseholdCodes ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (citizenIds.Count + households.Count == 0)
        {
            problems.Add("citizenIds / householdCodes: cần ít nhất một người / at least one person is required");
        }

        if (problems.Count > 0)
        {
            return new Result(null, [], problems);
        }

        // 1. Everyone named must exist and be inside the jurisdiction.
        var people = new Dictionary<long, Person>();
        foreach (string citizenId in citizenIds)
        {
            Person? person = await PersonLookup.FindByCitizenIdAsync(db, citizenId, cancellationToken).ConfigureAwait(false);
            if (person is null || !Covers(person))
            {
                problems.Add($"Không tìm thấy số định danh {Mask(citizenId)} trong địa bàn của bạn / No person with ID {Mask(citizenId)} in your jurisdiction");
                continue;
            }

            people[person.Id] = person;
        }

        foreach (string household in households)
        {
            List<Person> members = await db.People.Where(p => p.HouseholdCode == household).Take(MaxPeoplePerRequest + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (members.Count == 0 || members.Any(m => !Covers(m)))
            {
                problems.Add($"Không có hộ {household} trong địa bàn của bạn / No household {household} in your jurisdiction");
                continue;
            }

            foreach (Person member in members)
            {
                people[member.Id] = member;
            }
        }

        if (people.Count > MaxPeoplePerRequest)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Tối đa {MaxPeoplePerRequest} người một lần / At most {MaxPeoplePerRequest} people per request"));
        }

        var ids = people.Keys.ToList();
        var alreadyUnderOrder = await db.QuarantineOrders.AsNoTracking()
            .Where(o => ids.Contains(o.PersonId) && o.Kind == kind && o.Status == QuarantineStatus.Active)
            .Select(o => o.PersonId).ToListAsync(cancellationToken).ConfigureAwait(false);
        problems.AddRange(alreadyUnderOrder.Select(id => string.Create(CultureInfo.InvariantCulture,
            $"Người {id} đang có lệnh cách ly cùng loại / Person {id} already has an active order of this kind")));
        if (problems.Count > 0)
        {
            return new Result(null, [], problems);
        }

        // 2. Plan each person's order under the rule in force for them.
        RuleBook book = await rules.GetAsync(cancellationToken).ConfigureAwait(false);
        Dictionary<long, VaccinationStatus> statuses = await VaccinationStatusReader.ForAsync(db, ids,
            book.For(RuleKeys.VaccinationIntervals, null, today)?.Value as VaccinationIntervalsRule, cancellationToken).ConfigureAwait(false);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        Guid? batch = people.Count > 1 ? Guid.NewGuid() : null;
        var orders = new List<QuarantineOrder>();
        foreach (Person person in people.Values.OrderBy(p => p.Id))
        {
            try
            {
                orders.Add(kind == QuarantineKind.F1Quarantine
                    ? PlanContact(book, person, statuses[person.Id], request.LastExposureOn!.Value, today, batch, now)
                    : PlanCase(book, person, statuses[person.Id], request.PositiveSampleOn!.Value, now));
            }
            catch (DomainException exception)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"Người {person.Id}: {exception.Message}"));
            }
        }

        if (problems.Count > 0)
        {
            return new Result(null, [], problems);
        }

        db.QuarantineOrders.AddRange(orders);
        foreach (QuarantineOrder order in orders)
        {
            audit.Record(order.PersonId, kind == QuarantineKind.F1Quarantine ? "quarantine.order.f1" : "quarantine.order.f0", purpose,
                batch is { } b ? "batch " + b.ToString("N")[..8] : null);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new Result(batch, orders.Select(o => new Issued(o.Id, o.PersonId, o.StartOn, o.ReleaseOn, o.TestDateList, o.FullyVaccinatedOrRecovered, o.RuleVersion)).ToList(), []);
    }

    private QuarantineOrder PlanContact(RuleBook book, Person person, VaccinationStatus status, DateOnly lastExposure, DateOnly today, Guid? batch, DateTime now)
    {
        RuleVersion version = book.For(RuleKeys.F1Quarantine, person.ProvinceCode, today)
            ?? throw new DomainException("Không có quy tắc cách ly F1 có hiệu lực / No F1 quarantine rule is in force.");
        F1QuarantinePlan plan = F1Quarantine.Plan((F1QuarantineRule)version.Value, status, lastExposure, today);
        return QuarantineOrder.ForContact(person.Id, plan, lastExposure, Label(version), actor.AccountId, batch, now);
    }

    private QuarantineOrder PlanCase(RuleBook book, Person person, VaccinationStatus status, DateOnly positiveSampleOn, DateTime now)
    {
        RuleVersion version = book.For(RuleKeys.F0Isolation, person.ProvinceCode, positiveSampleOn)
            ?? throw new DomainException("Không có quy tắc cách ly F0 có hiệu lực / No F0 isolation rule is in force.");
        F0IsolationPlan plan = F0Isolation.Plan((F0IsolationRule)version.Value, status, positiveSampleOn);
        return QuarantineOrder.ForCase(person.Id, plan, Label(version), actor.AccountId, now);
    }

    private bool Covers(Person person) =>
        StaffPersonAccess.MayBrowse(actor, person.ProvinceCode, person.DistrictCode, person.CommuneCode);

    private static string Label(RuleVersion version) => string.Create(CultureInfo.InvariantCulture, $"{version.Key} {version.Scope} v{version.Version}");

    /// <summary>Errors name an ID by its last 4 digits only: they end up in logs and screenshots.</summary>
    private static string Mask(string citizenId) => citizenId.Length > 4 ? new string('•', citizenId.Length - 4) + citizenId[^4..] : citizenId;
}
