using PcCovid.Domain.Linkage;

namespace PcCovid.UnitTests.Linkage;

public sealed class StringMetricsTests
{
    [Theory]
    [InlineData("martha", "marhta", 0.9611)]
    [InlineData("dwayne", "duane", 0.84)]
    [InlineData("dixon", "dicksonx", 0.8133)]
    [InlineData("abc", "xyz", 0.0)]
    public void JaroWinkler_KnownPairs(string a, string b, double expected) =>
        Assert.Equal(expected, StringMetrics.JaroWinkler(a, b), 3);

    [Theory]
    [InlineData("ca", "ac", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("19850314", "19850341", 1)]
    [InlineData("abc", "abc", 0)]
    public void Osa_CountsATranspositionAsOneEdit(string a, string b, int expected) =>
        Assert.Equal(expected, StringMetrics.Osa(a, b, 5));

    [Fact]
    public void Osa_StopsAboveTheBound() =>
        Assert.Equal(2, StringMetrics.Osa("kitten", "sitting", 1));
}
