using System.Text;

namespace PcCovid.Domain.Imports;

/// <summary>
/// Splits one line of a delimited export into fields, the one way every importer does it (lab results,
/// doses, the seven legacy sources, generic linkage files): RFC 4180 quoting with <c>""</c> for a quote,
/// spaces around a quoted field ignored, unquoted fields trimmed, any single-character separator.
/// </summary>
public static class CsvFields
{
    /// <summary>Splits one line; null with a reason when a quote is left open or followed by other characters.</summary>
    public static List<string>? Split(string line, char separator, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new List<string>(20);
        var field = new StringBuilder();
        int i = 0;
        problem = null;
        while (true)
        {
            // Leading spaces before a quote are ignored.
            int start = i;
            while (start < line.Length && line[start] == ' ')
            {
                start++;
            }

            if (start < line.Length && line[start] == '"')
            {
                field.Clear();
                i = start + 1;
                bool closed = false;
                while (i < line.Length)
                {
                    char c = line[i];
                    if (c == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        closed = true;
                        i++;
                        break;
                    }

                    field.Append(c);
                    i++;
                }

                if (!closed)
                {
                    problem = "Dấu ngoặc kép không đóng / unterminated quote";
                    return null;
                }

                while (i < line.Length && line[i] == ' ')
                {
                    i++;
                }

                if (i < line.Length && line[i] != separator)
                {
                    problem = "Ký tự sau dấu ngoặc kép đóng / characters after a closing quote";
                    return null;
                }

                fields.Add(field.ToString());
            }
            else
            {
                int next = line.IndexOf(separator, i);
                int end = next < 0 ? line.Length : next;
                fields.Add(line[i..end].Trim());
                i = end;
            }

            if (i >= line.Length)
            {
                return fields;
            }

            i++; // the separator
            if (i == line.Length)
            {
                fields.Add(string.Empty);
                return fields;
            }
        }
    }
}
