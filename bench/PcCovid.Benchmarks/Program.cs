using System.Diagnostics;
using PcCovid.Web.Features.Population;
using PcCovid.Web.Infrastructure;

// Phase benchmark of the population import: how fast the file is read, parsed and validated with no
// database at all. The end-to-end figures come from bench/population-import.sh.
//   dotnet run -c Release --project bench/PcCovid.Benchmarks -- parse FILE
if (args.Length != 2 || args[0] != "parse")
{
    Console.Error.WriteLine("usage: parse FILE");
    return 2;
}

ReferenceData reference = ReferenceData.LoadEmbedded();
var validator = new PopulationLineValidator(reference);
var stopwatch = Stopwatch.StartNew();
long rows = 0;
long refused = 0;
using (FileStream stream = File.OpenRead(args[1]))
using (var reader = new JsonLinesReader(stream))
{
    while (reader.TryReadLine(out ReadOnlyMemory<byte> line, out _))
    {
        PopulationLine? parsed = PopulationLine.Parse(line.Span, out _);
        if (parsed is null || validator.Validate(parsed, reader.LineNumber, 0, out _, out _) is null)
        {
            refused++;
        }

        rows++;
    }
}

Console.WriteLine($"parse+validate: {rows:N0} lines ({refused:N0} refused) in {stopwatch.Elapsed.TotalSeconds:F2} s = {rows / stopwatch.Elapsed.TotalSeconds:N0} lines/s");
return 0;
