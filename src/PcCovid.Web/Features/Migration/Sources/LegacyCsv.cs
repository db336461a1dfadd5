using System.Runtime.CompilerServices;
using System.Text;

using PcCovid.Domain.Imports;

namespace PcCovid.Web.Features.Migration.Sources;

/// <summary>One line of a legacy CSV: its fields, or why it is broken.</summary>
public readonly record struct CsvLine(long LineNumber, IReadOnlyList<string>? Fields, string? Problem);

/// <summary>
/// Streams the CSV files of the legacy exports (legacy-sources.md): a header row, RFC 4180 quotes
/// (<c>""</c> for a quote), comma or semicolon separated, LF or CRLF, an optional BOM. A record never
/// spans lines in these exports, so a quote left open is a broken row, as are invalid UTF-8 (decoded
/// as U+FFFD) and a wrong number of columns: each comes back with its line number and reason, and
/// reading goes on. Unquoted fields are trimmed; an empty field is unknown.
/// </summary>
public static class LegacyCsv
{
    public const string InvalidUtf8 = "Dòng không phải UTF-8 hợp lệ / the line is not valid UTF-8";

    public static async IAsyncEnumerable<CsvLine> ReadAsync(Stream input, char separator, IReadOnlyList<string> header, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(header);
        using var reader = new StreamReader(input, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        long lineNumber = 0;
        string? line;
        while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                List<string>? names = Split(line.TrimStart('\uFEFF'), separator, out _);
                if (names is null || !names.Select(n => n.Trim().ToLowerInvariant()).SequenceEqual(header.Select(h => h.ToLowerInvariant()), StringComparer.Ordinal))
                {
                    throw new Domain.Common.DomainException($"Dòng 1 không phải tiêu đề mong đợi / line 1 is not the expected header: {string.Join(separator, header)}");
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (line.Contains('\uFFFD', StringComparison.Ordinal))
            {
                yield return new CsvLine(lineNumber, null, InvalidUtf8);
                continue;
            }

            List<string>? fields = Split(line, separator, out string? problem);
            if (fields is null)
            {
                yield return new CsvLine(lineNumber, null, problem);
            }
            else if (fields.Count != header.Count)
            {
                yield return new CsvLine(lineNumber, null, $"Sai số cột: {fields.Count} thay vì {header.Count} / wrong number of columns: {fields.Count} instead of {header.Count}");
            }
            else
            {
                yield return new CsvLine(lineNumber, fields, null);
            }
        }
    }

    /// <summary>Splits one line; null with a reason when a quote is left open or followed by other characters.</summary>
    public static List<string>? Split(string line, char separator, out string? problem) => CsvFields.Split(line, separator, out problem);

    public static string? Empty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
