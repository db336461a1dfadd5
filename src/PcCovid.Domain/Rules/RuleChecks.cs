using System.Globalization;
using PcCovid.Domain.Common;

namespace PcCovid.Domain.Rules;

/// <summary>Range checks that name the field, shared by the rule values' <see cref="IRuleValue.Validate"/>.</summary>
internal static class RuleChecks
{
    public static void Range(int value, int min, int max, string field)
    {
        if (value < min || value > max)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture, $"Giá trị {field} = {value} ngoài khoảng {min}–{max} / {field} = {value} is outside {min}–{max}."));
        }
    }

    public static void Range(int? value, int min, int max, string field)
    {
        if (value is { } v)
        {
            Range(v, min, max, field);
        }
    }

    public static void Range(decimal value, decimal min, decimal max, string field)
    {
        if (value < min || value > max)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture, $"Giá trị {field} = {value} ngoài khoảng {min}–{max} / {field} = {value} is outside {min}–{max}."));
        }
    }

    public static void Required(object? value, string field)
    {
        if (value is null || value is string { Length: 0 })
        {
            throw new DomainException($"Thiếu {field} / {field} is required.");
        }
    }

    public static void Fail(string vietnamese, string english) => throw new DomainException($"{vietnamese} / {english}");
}
