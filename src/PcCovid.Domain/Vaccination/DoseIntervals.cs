using System.Globalization;
using PcCovid.Domain.Rules;

namespace PcCovid.Domain.Vaccination;

/// <summary>A dose as the interval check sees it.</summary>
public readonly record struct DoseFact(int DoseNumber, string ProductCode, DateOnly On);

/// <summary>
/// Whether a dose keeps the interval rule in force on its date (<see cref="VaccinationIntervalsRule"/>):
/// the gap to the previous dose must be at least the product's primary-series interval, or the booster
/// interval once the primary series is complete. The series is the one the person's first dose began
/// (else the previous dose's product). Returns the reason when it does not, in Vietnamese then English.
/// </summary>
public static class DoseIntervals
{
    public static string? Check(VaccinationIntervalsRule? rule, DoseFact dose, IEnumerable<DoseFact> otherDoses)
    {
        ArgumentNullException.ThrowIfNull(otherDoses);
        if (rule is null || dose.DoseNumber <= 1)
        {
            return null;
        }

        List<DoseFact> others = otherDoses.ToList();
        DoseFact? previous = others.Where(d => d.DoseNumber == dose.DoseNumber - 1).Select(d => (DoseFact?)d).FirstOrDefault();
        if (previous is not { } before)
        {
            // The previous dose is not on record (given elsewhere, not yet imported): nothing to measure against.
            return null;
        }

        int days = dose.On.DayNumber - before.On.DayNumber;
        if (days < 0)
        {
            return Invariant($"Mũi {dose.DoseNumber} ({dose.On:dd/MM/yyyy}) trước mũi {before.DoseNumber} ({before.On:dd/MM/yyyy}) / Dose {dose.DoseNumber} ({dose.On:yyyy-MM-dd}) is dated before dose {before.DoseNumber} ({before.On:yyyy-MM-dd})");
        }

        string seriesProduct = others.Where(d => d.DoseNumber == 1).Select(d => d.ProductCode).FirstOrDefault() ?? before.ProductCode;
        ProductSeries? series = rule.For(seriesProduct);
        if (series is null)
        {
            return null;
        }

        if (dose.DoseNumber <= series.PrimaryDoses)
        {
            int minimum = series.MinDaysBetweenPrimaryDoses ?? 0;
            return days >= minimum
                ? null
                : Invariant($"Mũi {dose.DoseNumber} cách mũi {before.DoseNumber} {days} ngày, tối thiểu {minimum} ngày ({seriesProduct}) / Dose {dose.DoseNumber} came {days} days after dose {before.DoseNumber}; at least {minimum} days for {seriesProduct}");
        }

        int booster = dose.DoseNumber - series.PrimaryDoses;
        if (rule.BoosterMinDays.Count == 0)
        {
            return Invariant($"Mũi nhắc lại {booster} khi chưa có quy định tiêm nhắc / Booster {booster} given before any booster was recommended");
        }

        int boosterMinimum = rule.BoosterMinDays[Math.Min(booster, rule.BoosterMinDays.Count) - 1];
        return days >= boosterMinimum
            ? null
            : Invariant($"Mũi nhắc lại {booster} cách mũi trước {days} ngày, tối thiểu {boosterMinimum} ngày / Booster {booster} came {days} days after the previous dose; at least {boosterMinimum} days");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
