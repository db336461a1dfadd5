namespace PcCovid.Web.Features.Linkage;

/// <summary>
/// A small reader of delimited text for the generic linkage command: header row, quoted fields
/// (doubled quotes inside), LF or CRLF, a BOM skipped. Rows with the wrong number of fields are skipped and counted.
/// </summary>
public static class DelimitedFile
{
    public static (string[] Header, List<string[]> Rows, int Skipped) Read(TextReader reader, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? headerLine = reader.ReadLine() ?? throw new InvalidDataException("empty file");
        string[] header = [.. Split(headerLine.TrimStart('\uFEFF'), delimiter).Select(h => h.Trim())];
        var rows = new List<string[]>();
        int skipped = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }

            List<string> fields = Split(line, delimiter);
            if (fields.Count != header.Length)
            {
                skipped++;
                continue;
            }

            rows.Add([.. fields]);
        }

        return (header, rows, skipped);
    }

    public static List<string> Split(string line, char delimiter) =>
        PcCovid.Domain.Imports.CsvFields.Split(line, delimiter, out _) ?? [];
}
