using PcCovid.Domain.Common;

namespace PcCovid.Domain.Rules;

/// <summary>Where a rule version applies: the whole country, or one province overriding the national rule.</summary>
public readonly record struct RuleScope
{
    public const string NationalText = "national";
    private const string ProvincePrefix = "province:";

    private RuleScope(string? provinceCode) => ProvinceCode = provinceCode;

    public static RuleScope National => default;

    /// <summary>The GSO province code (2 digits) of an override; null for the national rule.</summary>
    public string? ProvinceCode { get; }

    public bool IsNational => ProvinceCode is null;

    public static RuleScope Province(string code)
    {
        if (code is not { Length: 2 } || !char.IsAsciiDigit(code[0]) || !char.IsAsciiDigit(code[1]))
        {
            throw new DomainException($"Mã tỉnh phải có 2 chữ số / A province code has 2 digits: '{code}'.");
        }

        return new RuleScope(code);
    }

    /// <summary>"national", "province:56" or just "56".</summary>
    public static RuleScope Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || string.Equals(text.Trim(), NationalText, StringComparison.OrdinalIgnoreCase))
        {
            return National;
        }

        string code = text.Trim();
        return Province(code.StartsWith(ProvincePrefix, StringComparison.OrdinalIgnoreCase) ? code[ProvincePrefix.Length..] : code);
    }

    public override string ToString() => ProvinceCode is null ? NationalText : ProvincePrefix + ProvinceCode;
}
