using PcCovid.Domain.Certificates;
using QRCoder;

namespace PcCovid.Web.Features.Certificates;

/// <summary>
/// Issues an EU DCC-compatible certificate from an explicit payload: fills the issuer fields and a new
/// UVCI, signs with the active key, and returns the <c>HC1:</c> text and its QR code (PNG, error
/// correction Q). The registries (vaccination, lab results) will call it with their own records.
/// </summary>
public sealed class IssueCertificate(DccKeyStore keys, TimeProvider clock, Microsoft.Extensions.Options.IOptions<CertificateOptions> options)
{
    public sealed record VaccinationInput(string VaccineType, string Product, string Manufacturer, int DoseNumber, int SeriesDoses, DateOnly Date);

    public sealed record TestInput(string TestType, string? NaatName, string? RatDevice, DateTimeOffset SampleTime, string Result, string? TestingCentre);

    public sealed record RecoveryInput(DateOnly FirstPositive, DateOnly ValidFrom, DateOnly ValidUntil);

    /// <summary>What the registries give: the person as written and one entry.</summary>
    public sealed record Request(string FamilyName, string? GivenName, string DateOfBirth, VaccinationInput? Vaccination, TestInput? Test, RecoveryInput? Recovery);

    public sealed record Response(string Hc1, byte[] QrPng, string CertificateId, string Kid, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

    public const string Covid19 = "840539006";

    public async Task<Response> IssueAsync(Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CertificateOptions settings = options.Value;
        string uvci = Uvci.NewVietnamese(settings.UvciIssuerCode);
        DccName name = DccName.FromWritten(request.FamilyName.Trim(), string.IsNullOrWhiteSpace(request.GivenName) ? null : request.GivenName.Trim());
        int entries = (request.Vaccination is null ? 0 : 1) + (request.Test is null ? 0 : 1) + (request.Recovery is null ? 0 : 1);
        if (entries != 1)
        {
            throw new Domain.Common.DomainException("Chứng nhận cần đúng một mục: tiêm chủng, xét nghiệm hoặc khỏi bệnh / A certificate holds exactly one entry: vaccination, test or recovery.");
        }

        DccPayload payload = request switch
        {
            { Vaccination: { } v } => DccPayload.ForVaccination(name, request.DateOfBirth, new DccVaccination(
                Covid19, v.VaccineType, v.Product, v.Manufacturer, v.DoseNumber, v.SeriesDoses, v.Date, settings.IssuerCountry, settings.IssuerName, uvci)),
            { Test: { } t } => DccPayload.ForTest(name, request.DateOfBirth, new DccTest(
                Covid19, t.TestType, t.NaatName, t.RatDevice, t.SampleTime, t.Result, t.TestingCentre, settings.IssuerCountry, settings.IssuerName, uvci)),
            _ => DccPayload.ForRecovery(name, request.DateOfBirth, new DccRecovery(
                Covid19, request.Recovery!.FirstPositive, settings.IssuerCountry, settings.IssuerName, request.Recovery.ValidFrom, request.Recovery.ValidUntil, uvci)),
        };
        if (payload.Vaccination is { DoseNumber: < 1 } or { SeriesDoses: < 1 })
        {
            throw new Domain.Common.DomainException("Số mũi phải từ 1 trở lên / Dose numbers start at 1.");
        }

        DccKeyStore.ActiveSigner signer = await keys.GetActiveSignerAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = clock.GetUtcNow();
        DateTimeOffset issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        // A certificate never outlives the certificate of the key that signed it (hcert §5).
        DateTimeOffset expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Min((now + settings.CertificateValidity).ToUnixTimeSeconds(), signer.NotAfter.ToUnixTimeSeconds()));
        string hc1 = Hcert.Issue(payload, settings.IssuerCountry, issuedAt, expiresAt, signer.Key, signer.Kid);
        return new Response(hc1, QrPng(hc1), uvci, Convert.ToBase64String(signer.Kid), issuedAt, expiresAt);
    }

    /// <summary>The QR code of an HC1 text: alphanumeric mode, error correction Q, as a PNG.</summary>
    public static byte[] QrPng(string hc1) => Infrastructure.QrImage.Png(hc1, QRCodeGenerator.ECCLevel.Q, 4);
}
