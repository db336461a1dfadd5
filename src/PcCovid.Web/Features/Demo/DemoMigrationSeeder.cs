using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PcCovid.Data;
using PcCovid.Domain.Access;
using PcCovid.Domain.Common;
using PcCovid.Domain.People;
using PcCovid.Web.Features.Migration;
using PcCovid.Web.Features.Migration.Sources;
using PcCovid.Web.Infrastructure;

namespace PcCovid.Web.Features.Demo;

/// <summary>
/// The demo's migration, run once on first start through the real <c>migrate</c> use case: a small NCOVI
/// export (a few hundred rows) and a QR check-in export written from the demo registry with the faults
/// of legacy-sources.md §9 (names in capitals without diacritics, lost leading zeros, no ID, broken rows),
/// so the demo shows migrated declarations, links, a few review or new records, and claims held for the
/// demo citizen's phone (check-ins typed with another name). The files are written from the registry
/// rather than shipped because the demo registry is itself generated at first start.
/// </summary>
public sealed class DemoMigrationSeeder(PcCovidDbContext db, MigrateSource migrate, PcCovid.Web.Features.Linkage.IdentityResolverFactory resolvers, ReferenceData reference, TimeProvider clock, ILogger<DemoMigrationSeeder> logger)
{
    public const int Declarants = 200;

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.MigrationRuns.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        string? phone = await db.Accounts.AsNoTracking().Where(a => a.Kind == AccountKind.Citizen && a.PersonId != null).OrderBy(a => a.PersonId)
            .Select(a => a.PhoneNumber).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        long? citizenId = phone is null ? null : await db.PersonPhones.AsNoTracking().Where(p => p.E164 == phone).Select(p => (long?)p.PersonId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var people = await db.People.AsNoTracking().Where(p => p.CitizenId != null && p.CommuneCode != null && p.BirthYear < 2005)
            .OrderBy(p => p.Id).Take(Declarants)
            .Select(p => new { p.Id, p.FullName, p.BirthYear, p.Sex, p.CitizenId, p.ProvinceCode, p.DistrictCode, p.CommuneCode })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (citizenId is { } me)
        {
            people.InsertRange(0, await db.People.AsNoTracking().Where(p => p.Id == me)
                .Select(p => new { p.Id, p.FullName, p.BirthYear, p.Sex, p.CitizenId, p.ProvinceCode, p.DistrictCode, p.CommuneCode })
                .ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        if (people.Count == 0)
        {
            return;
        }

        string folder = Directory.CreateTempSubdirectory("pccovid-demo-legacy-").FullName;
        try
        {
            var ncovi = new StringBuilder(string.Join(',', NcoviSource.Header)).Append("\r\n");
            for (int i = 0; i < people.Count; i++)
            {
                var p = people[i];
                string name = (i % 3) switch { 0 => p.FullName, 1 => VietnameseText.Fold(p.FullName).ToUpperInvariant(), _ => p.FullName.ToLowerInvariant() };
                string id = (i % 10) switch { 7 => string.Empty, 8 => p.CitizenId!.TrimStart('0'), _ => p.CitizenId! };
                string province = reference.Catalog.FindProvince(p.ProvinceCode!)?.Unit.Name ?? string.Empty;
                string district = reference.Catalog.FindDistrict(p.DistrictCode!)?.ShortName ?? string.Empty;
                string commune = reference.Catalog.FindCommune(p.CommuneCode!)?.Name ?? string.Empty;
                bool fever = i % 25 == 3 || i == 0;
                int days = i % 28;
                for (int copy = 0; copy < (i == 0 ? 3 : 1); copy++)
                {
                    ncovi.Append(CultureInfo.InvariantCulture, $"DEMO-NC-{i:D4}-{copy},{Quote(name)},{p.BirthYear},{(p.Sex == Sex.Female ? "Nữ" : "Nam")},Việt Nam,{id},,,{Quote(province)},{Quote(district)},{Quote(commune)},Số {i + 1},")
                        .Append(fever ? "Có" : "Không").Append(",Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,,")
                        .Append(CultureInfo.InvariantCulture, $"{1 + days:D2}/08/2021 0{copy + 7}:30\r\n");
                }
            }

            // Records a steward must look at (no ID number; the name, birth year or address only partly agree): the review queue.
            for (int i = 5; i < Math.Min(people.Count, 9); i++)
            {
                var p = people[i];
                string[] words = p.FullName.Split(' ');
                (string name, int year, string commune) = (i % 4) switch
                {
                    0 => (VietnameseText.Fold(p.FullName).ToUpperInvariant(), p.BirthYear + 1, reference.Catalog.FindCommune(p.CommuneCode!)?.Name ?? string.Empty),
                    1 => (p.FullName.ToLowerInvariant(), p.BirthYear, string.Empty),
                    2 => (string.Join(' ', words.Take(Math.Max(2, words.Length - 1))), p.BirthYear, reference.Catalog.FindCommune(p.CommuneCode!)?.Name ?? string.Empty),
                    _ => (p.FullName, p.BirthYear - 2, string.Empty),
                };
                string province = reference.Catalog.FindProvince(p.ProvinceCode!)?.Unit.Name ?? string.Empty;
                ncovi.Append(CultureInfo.InvariantCulture, $"DEMO-NC-R{i},{Quote(name)},{year},{(p.Sex == Sex.Female ? "Nữ" : "Nam")},Việt Nam,,,,{Quote(province)},,{Quote(commune)},,")
                    .Append("Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,,20/08/2021 09:30\r\n");
            }

            // Broken rows (§9): impossible date, empty name, wrong column count, unterminated quote.
            ncovi.Append("DEMO-NC-X1,Lê Văn Hỏng,1990,Nam,Việt Nam,,,,Hà Nội,,,,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,,31/02/2021 08:30\r\n");
            ncovi.Append("DEMO-NC-X2,,1990,Nam,Việt Nam,,,,Hà Nội,,,,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,,20/08/2021 08:30\r\n");
            ncovi.Append("DEMO-NC-X3,Lê Văn Cột,1990\r\n");
            ncovi.Append("DEMO-NC-X4,\"Lê Văn Ngoặc,1990,Nam,Việt Nam,,,,Hà Nội,,,,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,Không,,20/08/2021 08:30\r\n");
            await File.WriteAllTextAsync(Path.Combine(folder, NcoviSource.FileName), ncovi.ToString(), new UTF8Encoding(true), cancellationToken).ConfigureAwait(false);

            if (phone is not null && people[0].CommuneCode is { } homeCommune)
            {
                string local = "0" + phone[3..];
                var home = people[0];
                await File.WriteAllTextAsync(Path.Combine(folder, QrSource.VenuesFileName),
                    "ma_dia_diem,ten_dia_diem,loai,ma_tinh,ma_huyen,ma_xa,dia_chi,vi_do,kinh_do\n"
                    + $"DEMO-DD-1,Chợ cũ (dữ liệu QR cũ),cho,{home.ProvinceCode},{home.DistrictCode},{homeCommune},Số 1 chợ,,\n", cancellationToken).ConfigureAwait(false);
                // Recent times: check-ins older than the retention window are deleted by the retention sweep.
                DateTime today = VietnamTime.Today(clock).ToDateTime(TimeOnly.MinValue);
                string At(int daysAgo, int hour, int minute) => today.AddDays(-daysAgo).AddHours(hour).AddMinutes(minute).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                var checkIns = new StringBuilder("ma_check_in,ma_dia_diem,so_dien_thoai,ho_ten,thoi_gian\n");
                checkIns.Append(CultureInfo.InvariantCulture, $"DEMO-CI-1,DEMO-DD-1,{local},{Quote(home.FullName)},{At(4, 7, 30)}\n");
                checkIns.Append(CultureInfo.InvariantCulture, $"DEMO-CI-2,DEMO-DD-1,{local[..4]} {local[4..7]} {local[7..]},{Quote(VietnameseText.Fold(home.FullName).ToUpperInvariant())},{At(2, 17, 10)}\n");
                checkIns.Append(CultureInfo.InvariantCulture, $"DEMO-CI-3,DEMO-DD-1,{local},Bé Na,{At(3, 7, 45)}\n");
                checkIns.Append(CultureInfo.InvariantCulture, $"DEMO-CI-4,DEMO-DD-1,{local},Bà Nội,{At(1, 8, 5)}\n");
                await File.WriteAllTextAsync(Path.Combine(folder, QrSource.CheckInsFileName), checkIns.ToString(), cancellationToken).ConfigureAwait(false);
            }

            // One resolver (one registry index) for both sources: first start stays short.
            PcCovid.Domain.Linkage.IIdentityResolver resolver = await resolvers.CreateAsync(cancellationToken).ConfigureAwait(false);
            MigrateSource.Report declarations = await migrate.HandleAsync(SourceSystems.Ncovi, folder, null, cancellationToken, resolver).ConfigureAwait(false);
            logger.LogInformation("Demo migration of ncovi: {Read} read, {Linked} linked, {Review} review, {New} new, {Rejected} rejected",
                declarations.Read, declarations.Linked, declarations.Review, declarations.New, declarations.Rejected);
            if (File.Exists(Path.Combine(folder, QrSource.CheckInsFileName)))
            {
                MigrateSource.Report qr = await migrate.HandleAsync(SourceSystems.QrCheckIn, folder, null, cancellationToken, resolver).ConfigureAwait(false);
                logger.LogInformation("Demo migration of qr: {Read} read, {Linked} linked, {Claim} held as claims", qr.Read, qr.Linked, qr.Claim);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Quote(string value) => Testing.XetNghiemCsv.Quote(value);
}
