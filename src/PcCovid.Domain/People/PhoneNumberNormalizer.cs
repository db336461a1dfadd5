using PhoneNumbers;

namespace PcCovid.Domain.People;

/// <summary>
/// Normalises Vietnamese phone numbers as people typed them (<c>0912 345 678</c>, <c>+84912345678</c>,
/// <c>84912345678</c>, <c>0912.345.678</c>, a lost leading zero, an 11-digit number from before the
/// 2018 conversion) to E.164 (<c>+84912345678</c>). libphonenumber validates; the 2018 prefix table
/// is ours because libphonenumber only knows today's numbering plan.
/// </summary>
public sealed class PhoneNumberNormalizer
{
    private static readonly PhoneNumberUtil s_util = PhoneNumberUtil.GetInstance();
    private readonly Dictionary<string, string> _oldToNewPrefix;

    /// <param name="oldToNewPrefix">The 2018 conversion table, e.g. <c>0162</c> → <c>032</c>.</param>
    public PhoneNumberNormalizer(IReadOnlyDictionary<string, string> oldToNewPrefix)
    {
        ArgumentNullException.ThrowIfNull(oldToNewPrefix);
        _oldToNewPrefix = new Dictionary<string, string>(oldToNewPrefix, StringComparer.Ordinal);
    }

    /// <summary>Reads the <c>carrier,old_prefix_11_digit,new_prefix_10_digit</c> table.</summary>
    public static PhoneNumberNormalizer Load(TextReader table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        _ = table.ReadLine();
        string? line;
        while ((line = table.ReadLine()) is not null)
        {
            string[] f = line.Split(',');
            if (f.Length >= 3)
            {
                map[f[1]] = f[2];
            }
        }

        return new PhoneNumberNormalizer(map);
    }

    /// <summary>The E.164 form, or null with a reason when the input is not a valid Vietnamese number.</summary>
    public NormalizedPhone Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return NormalizedPhone.Invalid("empty phone number");
        }

        Span<char> buffer = stackalloc char[24];
        int length = 0;
        bool plus = false;
        foreach (char c in raw)
        {
            if (char.IsAsciiDigit(c))
            {
                if (length == buffer.Length)
                {
                    return NormalizedPhone.Invalid("too many digits");
                }

                buffer[length++] = c;
            }
            else if (c == '+' && length == 0)
            {
                plus = true;
            }
            else if (c is not (' ' or '.' or '-' or '(' or ')'))
            {
                return NormalizedPhone.Invalid("unexpected character in phone number");
            }
        }

        string digits = new(buffer[..length]);
        if (plus || (digits.StartsWith("84", StringComparison.Ordinal) && digits.Length is 11 or 12))
        {
            if (!digits.StartsWith("84", StringComparison.Ordinal))
            {
                return NormalizedPhone.Invalid("not a Vietnamese number");
            }

            digits = "0" + digits[2..];
        }

        bool converted = false;
        if (digits.Length == 11 && _oldToNewPrefix.TryGetValue(digits[..4], out string? newPrefix))
        {
            digits = newPrefix + digits[4..];
            converted = true;
        }
        else if (digits.Length == 9 && digits[0] != '0')
        {
            digits = "0" + digits;
        }

        if (digits.Length < 10 || digits[0] != '0')
        {
            return NormalizedPhone.Invalid("not a Vietnamese phone number");
        }

        PhoneNumber parsed;
        try
        {
            parsed = s_util.Parse(digits, "VN");
        }
        catch (NumberParseException)
        {
            return NormalizedPhone.Invalid("not a Vietnamese phone number");
        }

        if (!s_util.IsValidNumberForRegion(parsed, "VN"))
        {
            return NormalizedPhone.Invalid("not a valid Vietnamese phone number");
        }

        return new NormalizedPhone(s_util.Format(parsed, PhoneNumberFormat.E164), converted, null);
    }
}
