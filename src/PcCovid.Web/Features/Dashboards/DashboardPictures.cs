using System.Globalization;
using PcCovid.Domain.AdministrativeUnits;
using PcCovid.Web.Features.Risk;

namespace PcCovid.Web.Features.Dashboards;

/// <summary>One series of a day chart: bars or a line, each value with its text for the tooltip (a suppressed count reads "&lt;5").</summary>
public sealed record ChartSeries(string Name, string Colour, IReadOnlyList<double> Values, IReadOnlyList<string> Texts, bool Line);

/// <summary>
/// The geometry of a chart of days drawn server-side as SVG (no script, light on a slow phone): bars side by
/// side, lines over them, a rounded top value, a date every seventh day.
/// </summary>
public sealed class DayChart
{
    public const double Width = 640, Height = 220, Left = 56, Bottom = 24, Top = 8, Right = 8;

    public DayChart(string id, string title, IReadOnlyList<DateOnly> days, IReadOnlyList<ChartSeries> series, string suffix = "")
    {
        Id = id;
        Title = title;
        Days = days;
        Series = series;
        Suffix = suffix;
        double max = series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max();
        Max = NiceCeiling(max);
    }

    public string Id { get; }

    public string Title { get; }

    public IReadOnlyList<DateOnly> Days { get; }

    public IReadOnlyList<ChartSeries> Series { get; }

    public string Suffix { get; }

    public double Max { get; }

    public double PlotWidth => Width - Left - Right;

    public double PlotHeight => Height - Top - Bottom;

    public double Step => Days.Count == 0 ? PlotWidth : PlotWidth / Days.Count;

    public double X(int index) => Left + (index * Step);

    public double Y(double value) => Top + PlotHeight - (Max <= 0 ? 0 : value / Max * PlotHeight);

    public double BarHeight(double value) => Max <= 0 ? 0 : value / Max * PlotHeight;

    public IEnumerable<int> Ticks()
    {
        for (int i = Days.Count - 1; i >= 0; i -= 7)
        {
            yield return i;
        }
    }

    public string Points(ChartSeries series) => string.Join(' ', series.Values.Select((v, i) =>
        string.Create(CultureInfo.InvariantCulture, $"{X(i) + (Step / 2):0.#},{Y(v):0.#}")));

    public static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>1, 2 or 5 times a power of ten, at least the value (the top grid line).</summary>
    public static double NiceCeiling(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        double power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double m in new[] { 1d, 2d, 5d, 10d })
        {
            if (m * power >= value)
            {
                return m * power;
            }
        }

        return 10 * power;
    }
}

/// <summary>One province's square of the levels map.</summary>
public sealed record MapTile(string Code, string Name, string Label, int Row, int Column, int Level, string Colour, string LevelName, string Cases);

/// <summary>The tile-grid map of the 63 provinces (one square each), coloured by the week's level; grey when not assessed.</summary>
public sealed class LevelsMap
{
    public const double Size = 40, Gap = 3;

    public const string NotAssessedColour = "#bdbdbd";

    public LevelsMap(IReadOnlyList<MapTile> tiles, DateOnly? weekStart, IReadOnlyList<(int Level, string Colour, string Name)> legend)
    {
        Tiles = tiles;
        WeekStart = weekStart;
        Legend = legend;
        Rows = tiles.Count == 0 ? 0 : tiles.Max(t => t.Row) + 1;
        Columns = tiles.Count == 0 ? 0 : tiles.Max(t => t.Column) + 1;
    }

    public IReadOnlyList<MapTile> Tiles { get; }

    public DateOnly? WeekStart { get; }

    public IReadOnlyList<(int Level, string Colour, string Name)> Legend { get; }

    public int Rows { get; }

    public int Columns { get; }

    public double Width => Columns * (Size + Gap);

    public double Height => Rows * (Size + Gap);

    /// <summary>Dark text on light colours (yellow, grey), white on dark ones (green, orange, red).</summary>
    public static string TextColour(string background) =>
        background.Length == 7 && int.TryParse(background.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int rgb)
        && ((((rgb >> 16) & 0xff) * 299) + (((rgb >> 8) & 0xff) * 587) + ((rgb & 0xff) * 114)) / 1000 > 150
            ? "#111" : "#fff";

    /// <summary>The squares of <paramref name="grid"/> named from <paramref name="catalog"/>, coloured by <paramref name="levels"/> (grey when a province has no level); texts in English when <paramref name="english"/>.</summary>
    /// <param name="grid">The tile grid: province code → row and column.</param>
    /// <param name="catalog">The administrative units (province names).</param>
    /// <param name="levels">The week's levels, null when nothing was assessed.</param>
    /// <param name="colours">The four level colours of the rule in force (the legend shows all four, whatever this week's levels).</param>
    /// <param name="english">The page is shown in English.</param>
    public static LevelsMap Build(IReadOnlyDictionary<string, (int Row, int Column)> grid, AdministrativeCatalog catalog, RiskEndpoints.LevelsResponse? levels, IReadOnlyList<string>? colours, bool english)
    {
        Dictionary<string, RiskEndpoints.UnitLevel> byCode = levels?.Units.Where(u => u.Code.Length == 2).ToDictionary(u => u.Code, StringComparer.Ordinal) ?? [];
        var tiles = new List<MapTile>(grid.Count);
        var legend = new SortedDictionary<int, (string Colour, string Name)>();
        if (colours is { Count: 4 })
        {
            for (int i = 0; i < 4; i++)
            {
                legend[i + 1] = (colours[i], english ? RiskEndpoints.LevelNames[i].En : RiskEndpoints.LevelNames[i].Vi);
            }
        }

        foreach (var (code, (row, column)) in grid)
        {
            AdministrativeUnit? unit = catalog.FindProvince(code)?.Unit;
            string name = unit?.Name ?? code;
            string shortName = unit?.ShortName ?? code;
            if (byCode.TryGetValue(code, out RiskEndpoints.UnitLevel? level))
            {
                string levelName = english ? level.LevelEn : level.LevelVi;
                tiles.Add(new MapTile(code, name, Abbreviate(shortName), row, column, level.Level, level.Colour, levelName, level.CommunityCases));
                legend.TryAdd(level.Level, (level.Colour, levelName));
            }
            else
            {
                tiles.Add(new MapTile(code, name, Abbreviate(shortName), row, column, 0, NotAssessedColour, string.Empty, string.Empty));
            }
        }

        return new LevelsMap(
            tiles.OrderBy(t => t.Row).ThenBy(t => t.Column).ToList(),
            levels?.WeekStart,
            legend.Select(l => (l.Key, l.Value.Colour, l.Value.Name)).ToList());
    }

    /// <summary>"Hà Nội" → "HN", "Hồ Chí Minh" → "HCM", "Bà Rịa - Vũng Tàu" → "BRVT": the tile's label (the tooltip has the name).</summary>
    public static string Abbreviate(string shortName) =>
        new string(shortName.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => char.ToUpper(w.Normalize(System.Text.NormalizationForm.FormD)[0], CultureInfo.InvariantCulture)).ToArray());
}
