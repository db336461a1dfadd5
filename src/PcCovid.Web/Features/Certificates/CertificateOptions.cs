namespace PcCovid.Web.Features.Certificates;

/// <summary>Settings of the certificate engine (section <c>Certificates</c>).</summary>
public sealed class CertificateOptions
{
    public const string SectionName = "Certificates";

    /// <summary>The CWT <c>iss</c> and the entries' <c>co</c>.</summary>
    public string IssuerCountry { get; set; } = "VN";

    /// <summary>The entries' <c>is</c> (at most 80 characters).</summary>
    public string IssuerName { get; set; } = "Ministry of Health of Viet Nam";

    /// <summary>The issuer part of new UVCIs (<c>URN:UVCI:01:VN:{code}/…</c>).</summary>
    public string UvciIssuerCode { get; set; } = "BYT";

    /// <summary>How long an issued certificate is valid (capped by its signing certificate's expiry).</summary>
    public TimeSpan CertificateValidity { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How long a new Document Signer Certificate is valid.</summary>
    public TimeSpan SigningCertificateValidity { get; set; } = TimeSpan.FromDays(2 * 365);

    /// <summary>Optional PEM file of other issuers' DSCs to trust as well (e.g. a national copy of a gateway list).</summary>
    public string? TrustedCertificatesFile { get; set; }
}
