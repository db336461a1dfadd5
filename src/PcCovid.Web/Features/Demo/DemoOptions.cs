namespace PcCovid.Web.Features.Demo;

/// <summary>Bound from section <c>Demo</c>: whether a first start fills an empty registry, and how.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    public bool SeedOnFirstStart { get; set; }

    /// <summary>People in the demo country; enough for lists and maps to look real, small enough to start in seconds.</summary>
    public int People { get; set; } = 20_000;

    public int Seed { get; set; } = 2021;
}
