using System.Globalization;
using PcCovid.Domain.Common;
using PcCovid.Domain.Rules;

namespace PcCovid.Domain.Card;

/// <summary>A card colour with why it is that colour and what would change it, in Vietnamese and English.</summary>
public sealed record CardVerdict(string Colour, string WhyVietnamese, string WhyEnglish, string? NextVietnamese, string? NextEnglish);

/// <summary>
/// The COVID card of domain-rules.md §3.4: the colour rule of the person's province on today's date
/// applied to their facts. Precedence: an active case, then green, then yellow, then the default. The
/// explanation names the condition that decided, so a person at a gate can see why.
/// </summary>
public static class CovidCard
{
    public static CardVerdict Compute(CardColourRule rule, CardFacts facts, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(facts);
        DateOnly today = DateOnly.FromDateTime(VietnamTime.ToVietnam(nowUtc).DateTime);
        if (rule.Neutral)
        {
            return new CardVerdict(rule.DefaultColour,
                "Tỉnh của bạn chưa áp dụng quy tắc màu thẻ; thẻ hiển thị màu trung tính.",
                "Your province applies no card-colour rule; the card shows the neutral colour.",
                null, null);
        }

        if (facts.HasActiveCase && rule.ActiveCaseColour is { } caseColour)
        {
            return new CardVerdict(caseColour,
                "Bạn đang là ca bệnh (F0) đang điều trị hoặc cách ly.",
                "You are an active case (F0) in treatment or isolation.",
                "Màu thẻ thay đổi khi bạn được công nhận khỏi bệnh.",
                "The colour changes when you are declared recovered.");
        }

        if (facts.InF1Quarantine && rule.ActiveCaseColour is { } contactColour)
        {
            return new CardVerdict(contactColour,
                "Bạn là người tiếp xúc gần (F1) đang cách ly theo lệnh cách ly.",
                "You are a close contact (F1) in quarantine under a quarantine order.",
                "Màu thẻ thay đổi khi bạn hết thời gian cách ly.",
                "The colour changes when your quarantine ends.");
        }

        if (Meets(rule.Green!, facts, today, nowUtc, out string greenVi, out string greenEn))
        {
            return new CardVerdict("green", greenVi, greenEn, null, null);
        }

        if (rule.Yellow is { } yellow && Meets(yellow, facts, today, nowUtc, out string yellowVi, out string yellowEn))
        {
            (string vi, string en) = NextStep(rule.Green!, facts, today);
            return new CardVerdict("yellow", yellowVi, yellowEn, vi, en);
        }

        (string nextVi, string nextEn) = NextStep(rule.Yellow ?? rule.Green!, facts, today);
        return new CardVerdict(rule.DefaultColour,
            "Chưa đáp ứng điều kiện thẻ xanh hay vàng của tỉnh (tiêm chủng, khỏi bệnh hoặc xét nghiệm âm tính).",
            "You meet none of the province's green or yellow conditions (vaccination, recovery or a negative test).",
            nextVi, nextEn);
    }

    private static bool Meets(CardCondition condition, CardFacts facts, DateOnly today, DateTime nowUtc, out string vi, out string en)
    {
        // "N doses, D days ago" counts from the N-th dose: yellow for "first dose 14 days ago" holds
        // while a second dose is still recent.
        int days = condition.MinDaysSinceLastDose ?? 0;
        if (condition.MinDoses is { } min && facts.DoseDates.Count >= min && today.DayNumber - facts.DoseDates[min - 1].DayNumber >= days)
        {
            vi = Format($"Đã tiêm {min} mũi, mũi thứ {min} cách đây ít nhất {days} ngày.");
            en = Format($"{min} dose(s), dose {min} at least {days} days ago.");
            return true;
        }

        if (condition.MinDosesSingleDoseProduct is not null && facts.SingleDoseProductOn is { } single && today.DayNumber - single.DayNumber >= days)
        {
            vi = Format($"Đã tiêm vắc xin một liều, cách đây ít nhất {days} ngày.");
            en = Format($"A single-dose vaccine, at least {days} days ago.");
            return true;
        }

        if (condition.RecoveredWithinDays is { } within && facts.RecoveredOn is { } recovered && today.DayNumber - recovered.DayNumber <= within)
        {
            vi = Format($"Đã khỏi COVID-19 trong vòng {within} ngày.");
            en = Format($"Recovered from COVID-19 within {within} days.");
            return true;
        }

        if (condition.NegativeTestWithinHours is { } hours && facts.LastNegativeTest is { } test
            && condition.NegativeTests!.Contains(test.Kind, StringComparer.Ordinal) && nowUtc - test.SampledAtUtc <= TimeSpan.FromHours(hours))
        {
            vi = Format($"Xét nghiệm {test.Kind} âm tính trong vòng {hours} giờ.");
            en = Format($"A negative {test.Kind} test within {hours} hours.");
            return true;
        }

        vi = en = string.Empty;
        return false;
    }

    /// <summary>The nearest way to the better colour, in words.</summary>
    private static (string Vietnamese, string English) NextStep(CardCondition target, CardFacts facts, DateOnly today)
    {
        int doses = facts.DoseDates.Count;
        if (target.MinDoses is { } min && doses >= min && target.MinDaysSinceLastDose is { } days)
        {
            DateOnly from = facts.DoseDates[min - 1].AddDays(days);
            return (Format($"Từ ngày {from:dd/MM/yyyy} (đủ {days} ngày sau mũi {min})."), Format($"From {from:dd/MM/yyyy} ({days} days after dose {min})."));
        }

        if (target.MinDoses is { } needed && doses < needed)
        {
            return (Format($"Tiêm thêm {needed - doses} mũi vắc xin."), Format($"Get {needed - doses} more vaccine dose(s)."));
        }

        return target.NegativeTestWithinHours is { } hours
            ? (Format($"Một xét nghiệm âm tính trong vòng {hours} giờ."), Format($"A negative test within {hours} hours."))
            : ("Liên hệ trạm y tế xã.", "Ask your commune health station.");
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
