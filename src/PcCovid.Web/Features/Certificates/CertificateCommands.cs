using System.CommandLine;
using System.Text.Json;
using PcCovid.Domain.Certificates;

namespace PcCovid.Web.Features.Certificates;

/// <summary>The <c>cert</c> verbs: verify, trust-list, issue, rotate-key.</summary>
public static class CertificateCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Build(Func<IHost> buildHost)
    {
        var cert = new Command("cert", "EU DCC-compatible certificates: verify, trust list, issue, key rotation.");
        cert.Subcommands.Add(Verify(buildHost));
        cert.Subcommands.Add(TrustList(buildHost));
        cert.Subcommands.Add(Issue(buildHost));
        cert.Subcommands.Add(RotateKey(buildHost));
        return cert;
    }

    private static Command Verify(Func<IHost> buildHost)
    {
        var input = new Argument<string>("HC1-TEXT-OR-FILE") { Description = "An HC1: text, a file holding one, or a QR image (PNG, JPEG)." };
        var verify = new Command("verify", "Verify a certificate; prints the verdict and (when the signature verifies) the payload as JSON. Exit 0 valid, 1 invalid, 2 unreadable input.");
        verify.Arguments.Add(input);
        verify.SetAction(async (parseResult, cancellationToken) =>
        {
            string value = parseResult.GetValue(input)!;
            string? text = value;
            if (!value.TrimStart().StartsWith(Hcert.PrefixText, StringComparison.Ordinal) && File.Exists(value))
            {
                byte[] bytes = await File.ReadAllBytesAsync(value, cancellationToken).ConfigureAwait(false);
                text = IsImage(bytes) ? QrImageReader.TryRead(bytes) : System.Text.Encoding.UTF8.GetString(bytes);
                if (text is null)
                {
                    await Console.Error.WriteLineAsync("Không tìm thấy mã QR đọc được trong ảnh / No readable QR code was found in the image.").ConfigureAwait(false);
                    return 2;
                }
            }

            using IHost host = buildHost();
            await host.Services.GetRequiredService<Infrastructure.DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            DccVerification result = await scope.ServiceProvider.GetRequiredService<VerifyCertificate>().VerifyAsync(text, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(JsonSerializer.Serialize(VerdictResponse.From(result), Json));
            return result.IsValid ? 0 : 1;
        });
        return verify;
    }

    private static Command TrustList(Func<IHost> buildHost)
    {
        var output = new Option<FileInfo>("--out") { Description = "The PEM file to write.", Required = true };
        var trustList = new Command("trust-list", "Write the trusted Document Signer Certificates as PEM (creates the first signing key on a new installation).");
        trustList.Options.Add(output);
        trustList.SetAction(async (parseResult, cancellationToken) =>
        {
            using IHost host = buildHost();
            await host.Services.GetRequiredService<Infrastructure.DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            DccKeyStore keys = host.Services.GetRequiredService<DccKeyStore>();
            await keys.GetActiveSignerAsync(cancellationToken).ConfigureAwait(false);
            DccTrustList list = await keys.GetTrustListAsync(cancellationToken).ConfigureAwait(false);
            FileInfo target = parseResult.GetValue(output)!;
            target.Directory?.Create();
            await File.WriteAllTextAsync(target.FullName, CertificatesEndpoints.ToPem(list), cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"{list.Signers.Count} chứng thư / certificates → {target.FullName}");
            return 0;
        });
        return trustList;
    }

    private static Command Issue(Func<IHost> buildHost)
    {
        var request = new Option<FileInfo?>("--request") { Description = "JSON: {familyName, givenName, dateOfBirth, vaccination|test|recovery}." };
        var qr = new Option<FileInfo?>("--qr") { Description = "Also write the QR code (PNG) here (with --request)." };
        var person = new Option<string?>("--person") { Description = "Issue from the registry: the person's citizen ID (CCCD, or old CMND)." };
        var kind = new Option<string>("--kind") { Description = "With --person: vaccination, test or recovery.", DefaultValueFactory = _ => "vaccination" };
        var output = new Option<FileInfo?>("--out") { Description = "With --person: write the HC1: text to FILE and the QR code to FILE.png." };
        var issue = new Command("issue", "Issue a certificate: from the registry (--person CCCD --kind vaccination|test|recovery --out FILE) or from an explicit payload (--request FILE); prints the HC1: text.");
        issue.Options.Add(request);
        issue.Options.Add(qr);
        issue.Options.Add(person);
        issue.Options.Add(kind);
        issue.Options.Add(output);
        issue.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(person) is { } citizenId)
            {
                return await IssueForPersonAsync(buildHost, citizenId, parseResult.GetValue(kind)!, parseResult.GetValue(output), cancellationToken).ConfigureAwait(false);
            }

            if (parseResult.GetValue(request) is not { } file)
            {
                await Console.Error.WriteLineAsync("Cần --person hoặc --request / Give --person CCCD or --request FILE.").ConfigureAwait(false);
                return 2;
            }

            IssueCertificate.Request? input;
            try
            {
                await using FileStream stream = file.OpenRead();
                input = await JsonSerializer.DeserializeAsync<IssueCertificate.Request>(stream, Json, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is JsonException or IOException)
            {
                await Console.Error.WriteLineAsync($"Không đọc được yêu cầu / Cannot read the request: {exception.Message}").ConfigureAwait(false);
                return 2;
            }

            using IHost host = buildHost();
            await host.Services.GetRequiredService<Infrastructure.DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
            try
            {
                IssueCertificate.Response issued = await scope.ServiceProvider.GetRequiredService<IssueCertificate>().IssueAsync(input!, cancellationToken).ConfigureAwait(false);
                if (parseResult.GetValue(qr) is { } png)
                {
                    await File.WriteAllBytesAsync(png.FullName, issued.QrPng, cancellationToken).ConfigureAwait(false);
                }

                Console.WriteLine(issued.Hc1);
                return 0;
            }
            catch (Domain.Common.DomainException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message).ConfigureAwait(false);
                return 1;
            }
        });
        return issue;
    }

    private static async Task<int> IssueForPersonAsync(Func<IHost> buildHost, string citizenId, string kind, FileInfo? output, CancellationToken cancellationToken)
    {
        string normalized = kind.Trim().ToLowerInvariant();
        if (normalized is not ("vaccination" or "test" or "recovery"))
        {
            await Console.Error.WriteLineAsync("--kind: vaccination, test hoặc recovery / --kind: vaccination, test or recovery").ConfigureAwait(false);
            return 2;
        }

        using IHost host = buildHost();
        await host.Services.GetRequiredService<Infrastructure.DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        await using AsyncServiceScope scope = host.Services.CreateAsyncScope();
        Data.PcCovidDbContext db = scope.ServiceProvider.GetRequiredService<Data.PcCovidDbContext>();
        Domain.People.Person? found = await People.PersonLookup.FindByCitizenIdAsync(db, citizenId, cancellationToken).ConfigureAwait(false);
        IssueCertificate.Response? issued = found is null
            ? null
            : normalized switch
            {
                "test" => await scope.ServiceProvider.GetRequiredService<Testing.IssueTestCertificate>().HandleAsync(found.Id, cancellationToken).ConfigureAwait(false),
                "recovery" => await scope.ServiceProvider.GetRequiredService<Testing.IssueRecoveryCertificate>().HandleAsync(found.Id, cancellationToken).ConfigureAwait(false),
                _ => await scope.ServiceProvider.GetRequiredService<Vaccination.IssueVaccinationCertificate>().HandleAsync(found.Id, cancellationToken).ConfigureAwait(false),
            };
        if (issued is null)
        {
            await Console.Error.WriteLineAsync(normalized switch
            {
                "test" => "Không có người này hoặc chưa có kết quả xét nghiệm cá nhân / No such person, or no individual test result.",
                "recovery" => "Không có người này, chưa có ca bệnh với RT-PCR dương tính, hoặc đã hết hạn / No such person, no case with a positive RT-PCR, or its window has closed.",
                _ => "Không có người này hoặc chưa có mũi tiêm được xác nhận / No such person, or no confirmed dose.",
            }).ConfigureAwait(false);
            return 1;
        }

        Audit.AuditTrail audit = scope.ServiceProvider.GetRequiredService<Audit.AuditTrail>();
        await audit.RecordAsync(Audit.AuditActor.System, normalized + ".certificate.issue", found!.Id, null, "cli", cancellationToken).ConfigureAwait(false);
        if (output is not null)
        {
            output.Directory?.Create();
            await File.WriteAllTextAsync(output.FullName, issued.Hc1, cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(output.FullName + ".png", issued.QrPng, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"{output.FullName} + {output.FullName}.png ({issued.CertificateId})");
        }
        else
        {
            Console.WriteLine(issued.Hc1);
        }

        return 0;
    }

    private static Command RotateKey(Func<IHost> buildHost)
    {
        var rotate = new Command("rotate-key", "Retire the active signing key and create a new one (the old one stays trusted).");
        rotate.SetAction(async (_, cancellationToken) =>
        {
            using IHost host = buildHost();
            await host.Services.GetRequiredService<Infrastructure.DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            string kid = await host.Services.GetRequiredService<DccKeyStore>().RotateAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Khóa ký mới / New signing key: kid {kid}");
            return 0;
        });
        return rotate;
    }

    private static bool IsImage(byte[] bytes) =>
        bytes.Length > 4 && ((bytes[0] == 0x89 && bytes[1] == 0x50) || (bytes[0] == 0xFF && bytes[1] == 0xD8) || (bytes[0] == 0x47 && bytes[1] == 0x49) || (bytes[0] == 0x42 && bytes[1] == 0x4D));
}
