using PcCovid.Domain.Cases;
using PcCovid.Domain.Common;

namespace PcCovid.UnitTests.Cases;

/// <summary>The case's invariants: a manual case needs a date, never in the future; the status moves only along the allowed transitions.</summary>
public sealed class CaseTests
{
    // 2022-01-10 09:00 in Vietnam.
    private static readonly DateTime s_now = new(2022, 1, 10, 2, 0, 0, DateTimeKind.Utc);
    private static readonly Guid s_by = Guid.NewGuid();

    [Fact]
    public void ManualCase_NeedsAnOnsetOrASample()
    {
        Assert.Throws<DomainException>(() => Case.OpenManually(1, null, null, s_by, s_now));
        Case onset = Case.OpenManually(1, new DateOnly(2022, 1, 8), null, s_by, s_now);
        Assert.Null(onset.FirstPositiveSampledAtUtc);
        Assert.Null(onset.SourceLabResultId);
        // The window is anchored on the start of the onset day in Vietnam.
        Assert.Equal(new DateTime(2022, 1, 7, 17, 0, 0, DateTimeKind.Utc), onset.AnchorUtc);
        Case sampled = Case.OpenManually(1, null, s_now.AddHours(-3), s_by, s_now);
        Assert.Equal(s_now.AddHours(-3), sampled.AnchorUtc);
    }

    [Fact]
    public void ManualCase_RefusesFutureDates_AndAnOnsetAfterTheSample()
    {
        Assert.Throws<DomainException>(() => Case.OpenManually(1, new DateOnly(2022, 1, 11), null, s_by, s_now));
        Assert.Throws<DomainException>(() => Case.OpenManually(1, null, s_now.AddHours(1), s_by, s_now));
        Assert.Throws<DomainException>(() => Case.OpenManually(1, new DateOnly(2022, 1, 9), s_now.AddDays(-3), s_by, s_now));
        Assert.Throws<DomainException>(() => Case.OpenManually(1, new DateOnly(2020, 1, 9), null, s_by, s_now));
    }

    [Theory]
    [InlineData(CaseStatus.Active, CaseStatus.Recovered, true)]
    [InlineData(CaseStatus.Active, CaseStatus.Died, true)]
    [InlineData(CaseStatus.Active, CaseStatus.NotACase, true)]
    [InlineData(CaseStatus.Active, CaseStatus.Active, false)]
    [InlineData(CaseStatus.Recovered, CaseStatus.NotACase, true)]
    [InlineData(CaseStatus.Recovered, CaseStatus.Active, false)]
    [InlineData(CaseStatus.Recovered, CaseStatus.Died, false)]
    [InlineData(CaseStatus.Died, CaseStatus.NotACase, true)]
    [InlineData(CaseStatus.Died, CaseStatus.Recovered, false)]
    [InlineData(CaseStatus.NotACase, CaseStatus.Active, false)]
    [InlineData(CaseStatus.NotACase, CaseStatus.Recovered, false)]
    public void Transitions(CaseStatus from, CaseStatus to, bool allowed) => Assert.Equal(allowed, Case.CanMove(from, to));

    [Fact]
    public void ChangeStatus_FollowsTheTransitions_AndStampsTheClose()
    {
        Case theCase = Case.OpenFromResult(1, 2, s_now.AddDays(-1), s_now.AddDays(-1));
        theCase.ChangeStatus(CaseStatus.Recovered, s_now);
        Assert.Equal((CaseStatus.Recovered, s_now), (theCase.Status, theCase.ClosedAtUtc!.Value));
        Assert.Throws<DomainException>(() => theCase.ChangeStatus(CaseStatus.Active, s_now));
        Assert.Throws<DomainException>(() => theCase.AddPositive(s_now, s_now));
    }

    [Fact]
    public void ManualCase_TakesALaterPositive_AsItsFirstSample()
    {
        Case theCase = Case.OpenManually(1, new DateOnly(2022, 1, 8), null, s_by, s_now);
        theCase.AddPositive(s_now.AddHours(-2), s_now);
        Assert.Equal((s_now.AddHours(-2), 1), (theCase.FirstPositiveSampledAtUtc!.Value, theCase.PositiveResults));
    }

    [Fact]
    public void Cluster_ChecksItsKindAndName_AndHoldsACaseOnce()
    {
        Assert.Throws<DomainException>(() => Cluster.Create("Chợ", "bazaar", "01", "001", "00001", null, null, null, s_by, s_now));
        Assert.Throws<DomainException>(() => Cluster.Create("  ", "market", "01", "001", "00001", null, null, null, s_by, s_now));
        Assert.Throws<DomainException>(() => Cluster.Create("Chợ", "market", "01", "001", "00001", null, new DateOnly(2022, 2, 1), null, s_by, s_now));
        Cluster cluster = Cluster.Create("Chợ  Long Biên", "market", "01", "001", "00001", null, new DateOnly(2022, 1, 2), null, s_by, s_now);
        Assert.Equal("Chợ Long Biên", cluster.Name);
        Assert.True(cluster.Add(5, s_by, s_now));
        Assert.False(cluster.Add(5, s_by, s_now));
        Assert.True(cluster.Remove(5, s_now));
        Assert.False(cluster.Remove(5, s_now));
    }
}
