using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using PcCovid.Domain.Certificates;
using PcCovid.Web.Infrastructure.Security;

namespace PcCovid.Web.Features.Certificates;

/// <summary>
/// The certificate verifier and trust list (public: verifiers at gates and other countries' apps use
/// them without an account) and the revocation list (administrators).
/// </summary>
public static class CertificatesEndpoints
{
    /// <summary>The largest accepted QR image upload.</summary>
    public const long MaxImageBytes = 2 * 1024 * 1024;

    public sealed record VerifyRequest(string? Hc1);

    public sealed record RevokeRequest(string Uvci, string Reason);

    public sealed record TrustedSignerResponse(string Kid, string? Country, string Subject, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string CertificateDer);

    public static RouteGroupBuilder MapCertificates(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/api/certificates").WithTags("Certificates");
        group.MapPost("/verify", VerifyAsync).AllowAnonymous().DisableAntiforgery()
            .WithName("VerifyCertificate").WithSummary("Verify an HC1: certificate (JSON {\"hc1\"} or a multipart QR image named 'image')");
        group.MapGet("/trust-list", TrustListAsync).AllowAnonymous()
            .WithName("GetTrustList").WithSummary("The trusted Document Signer Certificates (JSON, or PEM with ?format=pem)");
        group.MapPost("/revocations", RevokeAsync).RequireAuthorization(AccessPolicies.Administrator)
            .WithName("RevokeCertificate").WithSummary("Revoke a certificate by its UVCI");
        return group;
    }

    public static async Task<Results<Ok<VerdictResponse>, ProblemHttpResult>> VerifyAsync(HttpRequest request, VerifyCertificate verify, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? text;
        if (request.HasFormContentType)
        {
            IFormCollection form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            IFormFile? image = form.Files.GetFile("image");
            if (image is not null)
            {
                if (image.Length > MaxImageBytes)
                {
                    return Problem(StatusCodes.Status413PayloadTooLarge, "Ảnh quá lớn (tối đa 2 MB) / The image is too large (2 MB at most).");
                }

                using var buffer = new MemoryStream();
                await image.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                text = QrImageReader.TryRead(buffer.ToArray());
                if (text is null)
                {
                    return Problem(StatusCodes.Status422UnprocessableEntity, "Không tìm thấy mã QR đọc được trong ảnh / No readable QR code was found in the image.");
                }
            }
            else
            {
                text = form["hc1"].ToString();
            }
        }
        else
        {
            VerifyRequest? body;
            try
            {
                body = await request.ReadFromJsonAsync<VerifyRequest>(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException)
            {
                return Problem(StatusCodes.Status400BadRequest, "Gửi JSON {\"hc1\": \"HC1:...\"} hoặc ảnh mã QR / Send JSON {\"hc1\": \"HC1:...\"} or a QR image.");
            }

            text = body?.Hc1;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Problem(StatusCodes.Status400BadRequest, "Thiếu nội dung chứng nhận (hc1) / The certificate text (hc1) is missing.");
        }

        if (text.Length > Hcert.MaxCoseBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Nội dung quá dài / The text is too long.");
        }

        DccVerification result = await verify.VerifyAsync(text, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(VerdictResponse.From(result));
    }

    public static async Task<IResult> TrustListAsync(string? format, DccKeyStore keys, CancellationToken cancellationToken)
    {
        DccTrustList trustList = await keys.GetTrustListAsync(cancellationToken).ConfigureAwait(false);
        if (string.Equals(format, "pem", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Text(ToPem(trustList), "application/x-pem-file", Encoding.ASCII);
        }

        return TypedResults.Ok(trustList.Signers.Select(s => new TrustedSignerResponse(
            s.KidBase64, s.Country, s.Certificate.Subject, s.Certificate.NotBefore.ToUniversalTime(), s.Certificate.NotAfter.ToUniversalTime(), Convert.ToBase64String(s.Certificate.RawData))).ToList());
    }

    public static async Task<Results<Created, Ok, ProblemHttpResult>> RevokeAsync(RevokeRequest request, RevokeCertificate revoke, CurrentActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool added = await revoke.RevokeAsync(request.Uvci ?? string.Empty, request.Reason ?? string.Empty, actor.RequireAccountId(), cancellationToken).ConfigureAwait(false);
        return added ? TypedResults.Created() : TypedResults.Ok();
    }

    public static string ToPem(DccTrustList trustList)
    {
        ArgumentNullException.ThrowIfNull(trustList);
        var pem = new StringBuilder();
        foreach (DccTrustedSigner signer in trustList.Signers)
        {
            pem.Append("# kid ").Append(signer.KidBase64).Append(' ').Append(signer.Certificate.Subject).Append('\n');
            pem.Append(signer.Certificate.ExportCertificatePem()).Append('\n');
        }

        return pem.ToString();
    }

    private static ProblemHttpResult Problem(int status, string detail) =>
        TypedResults.Problem(title: "Không kiểm tra được / Cannot verify", detail: detail, statusCode: status);
}
