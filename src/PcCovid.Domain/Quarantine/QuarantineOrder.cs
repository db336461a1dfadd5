using System.Globalization;
using PcCovid.Domain.Common;

namespace PcCovid.Domain.Quarantine;

/// <summary>
/// An order to quarantine (F1) or isolate at home (F0), with its dates computed from the rule in force
/// for the person (vaccination status, province, date) when it was issued; the rule's scope and version
/// are kept so the order can always be explained. Extensions and releases change the order, never its
/// origin. At most one active order of a kind per person (a unique index enforces it too).
/// </summary>
public sealed class QuarantineOrder
{
    private QuarantineOrder()
    {
        TestDates = string.Empty;
        RuleVersion = string.Empty;
    }

    public long Id { get; private set; }

    public long PersonId { get; private set; }

    public QuarantineKind Kind { get; private set; }

    public QuarantineStatus Status { get; private set; }

    /// <summary>Day 1 (the last exposure or the day named F1, per the rule; the positive sample's day for F0).</summary>
    public DateOnly StartOn { get; private set; }

    /// <summary>The first day free, as planned (moved by an extension).</summary>
    public DateOnly ReleaseOn { get; private set; }

    /// <summary>The planned test dates, <c>yyyy-MM-dd</c> separated by commas.</summary>
    public string TestDates { get; private set; }

    /// <summary>Release needs a negative test on the last test date (F1), or a negative release test (F0).</summary>
    public bool ReleaseNeedsNegativeTest { get; private set; }

    /// <summary>The last exposure to the case (F1 orders).</summary>
    public DateOnly? LastExposureOn { get; private set; }

    /// <summary>The rule applied: "f1.quarantine national v3".</summary>
    public string RuleVersion { get; private set; }

    public bool FullyVaccinatedOrRecovered { get; private set; }

    public int ExtendedDays { get; private set; }

    public string? ExtensionReason { get; private set; }

    /// <summary>Orders issued together (a building, a cluster) share a batch id.</summary>
    public Guid? BatchId { get; private set; }

    public Guid? IssuedByAccountId { get; private set; }

    public DateTime IssuedAtUtc { get; private set; }

    public DateTime? EndedAtUtc { get; private set; }

    public string? EndReason { get; private set; }

    /// <summary>The last test date a reminder was sent for (one reminder per test date).</summary>
    public DateOnly? LastReminderFor { get; private set; }

    public IReadOnlyList<DateOnly> TestDateList =>
        TestDates.Length == 0 ? [] : TestDates.Split(',').Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();

    public static QuarantineOrder ForContact(long personId, F1QuarantinePlan plan, DateOnly lastExposure, string ruleVersion, Guid? issuedBy, Guid? batchId, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.Quarantined)
        {
            throw new DomainException("Quy tắc đang áp dụng không cách ly F1 này (chỉ tự theo dõi) / The rule in force does not quarantine this contact (self-monitoring only).");
        }

        return new QuarantineOrder
        {
            PersonId = personId,
            Kind = QuarantineKind.F1Quarantine,
            Status = QuarantineStatus.Active,
            StartOn = plan.ClockStart,
            ReleaseOn = plan.ReleaseOn,
            TestDates = Join(plan.TestDates),
            ReleaseNeedsNegativeTest = plan.ReleaseNeedsNegativeTest,
            LastExposureOn = lastExposure,
            RuleVersion = ruleVersion,
            FullyVaccinatedOrRecovered = plan.FullyVaccinatedOrRecovered,
            BatchId = batchId,
            IssuedByAccountId = issuedBy,
            IssuedAtUtc = nowUtc,
        };
    }

    public static QuarantineOrder ForCase(long personId, F0IsolationPlan plan, string ruleVersion, Guid? issuedBy, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new QuarantineOrder
        {
            PersonId = personId,
            Kind = QuarantineKind.F0Isolation,
            Status = QuarantineStatus.Active,
            StartOn = plan.Start,
            ReleaseOn = plan.ReleaseIfNegativeOn,
            TestDates = Join([plan.ReleaseTestOn]),
            ReleaseNeedsNegativeTest = true,
            RuleVersion = ruleVersion,
            FullyVaccinatedOrRecovered = plan.FullyVaccinated,
            IssuedByAccountId = issuedBy,
            IssuedAtUtc = nowUtc,
        };
    }

    /// <summary>Days left including today (0 once released).</summary>
    public int DaysLeft(DateOnly today) => Status == QuarantineStatus.Active ? Math.Max(0, ReleaseOn.DayNumber - today.DayNumber) : 0;

    public DateOnly? NextTestOn(DateOnly today) => Status == QuarantineStatus.Active ? TestDateList.Where(d => d >= today).Order().Cast<DateOnly?>().FirstOrDefault() : null;

    /// <summary>Longer quarantine (still positive, a new exposure): the release day moves, a test is added on the new last day.</summary>
    public void Extend(int days, string reason)
    {
        RequireActive();
        if (days is < 1 or > 30)
        {
            throw new DomainException("Gia hạn từ 1 đến 30 ngày / An extension is 1 to 30 days.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Cần lý do gia hạn / An extension needs a reason.");
        }

        ReleaseOn = ReleaseOn.AddDays(days);
        ExtendedDays += days;
        ExtensionReason = reason.Trim()[..Math.Min(reason.Trim().Length, 300)];
        TestDates = Join(TestDateList.Append(ReleaseOn.AddDays(-1)).Distinct().Order());
    }

    /// <summary>
    /// Ends the order. Before the planned day only with a negative test on or after the last test date
    /// the rule sets (early end "where the rule allows"); on or after it, a test is needed when the rule says so.
    /// </summary>
    public void Release(DateOnly today, DateOnly? negativeTestOn, DateTime nowUtc)
    {
        RequireActive();
        DateOnly lastTest = TestDateList.Count > 0 ? TestDateList.Max() : ReleaseOn;
        bool tested = negativeTestOn is { } t && t >= lastTest && t <= today;
        if (today < ReleaseOn && !tested)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"Chưa đến ngày kết thúc ({ReleaseOn:dd/MM/yyyy}) và chưa có xét nghiệm âm tính từ ngày {lastTest:dd/MM/yyyy} / Not yet the release day ({ReleaseOn:yyyy-MM-dd}) and no negative test on or after {lastTest:yyyy-MM-dd}."));
        }

        if (ReleaseNeedsNegativeTest && !tested)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"Cần xét nghiệm âm tính từ ngày {lastTest:dd/MM/yyyy} để kết thúc / Release needs a negative test on or after {lastTest:yyyy-MM-dd}."));
        }

        Status = QuarantineStatus.Released;
        EndedAtUtc = nowUtc;
        EndReason = today < ReleaseOn ? "early-negative-test" : "completed";
    }

    public void Cancel(string reason, DateTime nowUtc)
    {
        RequireActive();
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Cần lý do hủy / Cancelling needs a reason.");
        }

        Status = QuarantineStatus.Cancelled;
        EndedAtUtc = nowUtc;
        EndReason = reason.Trim()[..Math.Min(reason.Trim().Length, 300)];
    }

    public void RemindedFor(DateOnly testOn) => LastReminderFor = testOn;

    private void RequireActive()
    {
        if (Status != QuarantineStatus.Active)
        {
            throw new DomainException("Lệnh cách ly không còn hiệu lực / The order is no longer active.");
        }
    }

    private static string Join(IEnumerable<DateOnly> dates) =>
        string.Join(',', dates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
}
