namespace PcCovid.Domain.Linkage.Vietnamese;

/// <summary>The kind of an identity document number as typed in a legacy record (domain-rules.md §4.1–4.3).</summary>
public enum DocumentKind
{
    None,

    /// <summary>12 digits (leading zeros restored when a spreadsheet dropped them).</summary>
    CitizenId,

    /// <summary>The old 9-digit ID card.</summary>
    Cmnd,

    /// <summary>Letters and digits: a passport (Vietnamese 1 letter + 7 digits, or foreign).</summary>
    Passport,
}

/// <summary>A document number cleaned to its kind: digits only for ID cards, upper case without spaces for passports.</summary>
public readonly record struct IdentityDocument(DocumentKind Kind, string Number)
{
    public static IdentityDocument Parse(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return default;
        }

        Span<char> buffer = stackalloc char[32];
        int length = 0;
        bool letters = false;
        foreach (char raw in typed)
        {
            if (raw is ' ' or '.' or '-' or '\t' or '<')
            {
                continue;
            }

            char c = char.ToUpperInvariant(raw);
            if (!char.IsAsciiLetterOrDigit(c) || length == buffer.Length)
            {
                return default;
            }

            letters |= char.IsAsciiLetter(c);
            buffer[length++] = c;
        }

        string number = new(buffer[..length]);
        if (letters)
        {
            return length is >= 6 and <= 9 ? new IdentityDocument(DocumentKind.Passport, number) : default;
        }

        return length switch
        {
            8 => new IdentityDocument(DocumentKind.Cmnd, number.PadLeft(9, '0')),
            9 => new IdentityDocument(DocumentKind.Cmnd, number),
            10 or 11 => new IdentityDocument(DocumentKind.CitizenId, number.PadLeft(12, '0')),
            12 => new IdentityDocument(DocumentKind.CitizenId, number),
            _ => default,
        };
    }

    public bool IsNone => Kind == DocumentKind.None;
}
