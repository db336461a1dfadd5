using PcCovid.Domain.People;

namespace PcCovid.UnitTests.People;

public sealed class OwnNumberTests
{
    private static readonly DateOnly s_today = new(2021, 10, 1);

    [Theory]
    [InlineData(true, "2014-09-02", true, true)]    // the population database's number: always the holder's
    [InlineData(false, "1984-06-01", false, true)]  // an adult's self-declared number nobody of working age shares
    [InlineData(false, "2003-10-01", false, true)]  // eighteen today
    [InlineData(false, "2003-10-02", false, false)] // eighteen tomorrow: a minor's record is filled in by a parent
    [InlineData(false, "1984-06-01", true, false)]  // shared with another adult of working age: whose is it?
    [InlineData(false, "1950-02-04", true, false)]  // an elder sharing a son's number
    public void IsOwnNumber(bool authoritative, string born, bool heldByAnotherOfWorkingAge, bool own)
    {
        Assert.Equal(own, PersonPhone.IsOwnNumber(authoritative, DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture), heldByAnotherOfWorkingAge, s_today));
    }
}
