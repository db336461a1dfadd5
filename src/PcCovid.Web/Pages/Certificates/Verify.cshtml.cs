using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PcCovid.Web.Features.Certificates;

namespace PcCovid.Web.Pages.Certificates;

/// <summary>The public verifier page: paste an HC1 text or upload a photo of the QR code.</summary>
[AllowAnonymous]
[RequestSizeLimit(CertificatesEndpoints.MaxImageBytes + 65_536)]
public sealed class VerifyModel(VerifyCertificate verify) : PageModel
{
    [BindProperty]
    public string? Hc1 { get; set; }

    [BindProperty]
    public IFormFile? Image { get; set; }

    public VerdictResponse? Verdict { get; private set; }

    /// <summary>The problem with the input, in Vietnamese: the page's localizer key (its English is in the page's resources).</summary>
    public string? InputError { get; private set; }

    public void OnGet()
    {
    }

    public async Task OnPostAsync(CancellationToken cancellationToken)
    {
        string? text = Hc1;
        if (Image is { Length: > 0 })
        {
            if (Image.Length > CertificatesEndpoints.MaxImageBytes)
            {
                InputError = "Ảnh quá lớn (tối đa 2 MB).";
                return;
            }

            using var buffer = new MemoryStream();
            await Image.CopyToAsync(buffer, cancellationToken);
            text = QrImageReader.TryRead(buffer.ToArray());
            if (text is null)
            {
                InputError = "Không tìm thấy mã QR đọc được trong ảnh.";
                return;
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            InputError = "Hãy dán nội dung HC1: hoặc chọn ảnh mã QR.";
            return;
        }

        Verdict = VerdictResponse.From(await verify.VerifyAsync(text, cancellationToken));
    }
}
