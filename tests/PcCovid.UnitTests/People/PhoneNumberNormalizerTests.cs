using PcCovid.Domain.People;
using PcCovid.Web.Infrastructure;

namespace PcCovid.UnitTests.People;

public sealed class PhoneNumberNormalizerTests
{
    private static readonly PhoneNumberNormalizer s_phones = ReferenceData.LoadEmbedded().Phones;

    [Theory]
    [InlineData("0912345678")]
    [InlineData("+84912345678")]
    [InlineData("84912345678")]
    [InlineData("0912 345 678")]
    [InlineData("0912.345.678")]
    [InlineData("912345678")]
    public void Normalize_EveryFormSeenInTheExports_GivesE164(string typed)
    {
        NormalizedPhone phone = s_phones.Normalize(typed);

        Assert.Equal("+84912345678", phone.E164);
        Assert.False(phone.ConvertedFromOldNumber);
    }

    [Theory]
    [InlineData("01662345678", "+84362345678")]
    [InlineData("0169 5678945", "+84395678945")]
    [InlineData("+841202345678", "+84702345678")]
    [InlineData("01992345678", "+84592345678")]
    public void Normalize_AnOld11DigitNumber_IsConvertedByThe2018Table(string typed, string expected)
    {
        NormalizedPhone phone = s_phones.Normalize(typed);

        Assert.Equal(expected, phone.E164);
        Assert.True(phone.ConvertedFromOldNumber);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("+8612345678901")]
    [InlineData("0912-abc-678")]
    [InlineData("0112345678")]
    public void Normalize_NotAVietnameseNumber_IsInvalidWithAReason(string typed)
    {
        NormalizedPhone phone = s_phones.Normalize(typed);

        Assert.False(phone.IsValid);
        Assert.NotNull(phone.Problem);
    }
}
