using System;
using Microsoft.EntityFrameworkCore.Migrations;
using PcCovid.Data.CheckIns;

#nullable disable

namespace PcCovid.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CheckIns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "printed_qr_revocations",
                columns: table => new
                {
                    person_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    revoked_before_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_printed_qr_revocations", x => x.person_id);
                });

            migrationBuilder.CreateTable(
                name: "qr_signing_keys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kid = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    protected_secret = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    public_key = table.Column<byte[]>(type: "BLOB", maxLength: 200, nullable: true),
                    created_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    retired_at_utc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_qr_signing_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "venues",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    facility_id = table.Column<long>(type: "INTEGER", nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    commune_code = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    district_code = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    province_code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    address = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    latitude = table.Column<double>(type: "REAL", nullable: true),
                    longitude = table.Column<double>(type: "REAL", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    legacy_code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    created_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    decided_at_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    decided_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    is_authoritative = table.Column<bool>(type: "INTEGER", nullable: false),
                    received_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    source_record_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    source_system = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_venues", x => x.id);
                    table.ForeignKey(
                        name: "fk_venues_facilities_facility_id",
                        column: x => x.facility_id,
                        principalTable: "facilities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_qr_signing_keys_kid",
                table: "qr_signing_keys",
                column: "kid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_venues_commune_code_status_id",
                table: "venues",
                columns: new[] { "commune_code", "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_venues_facility_id_id",
                table: "venues",
                columns: new[] { "facility_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_venues_legacy_code",
                table: "venues",
                column: "legacy_code",
                unique: true,
                filter: "legacy_code IS NOT NULL");

            migrationBuilder.Sql(CheckInSchema.SqliteCreate);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CheckInSchema.SqliteDrop);

            migrationBuilder.DropTable(
                name: "printed_qr_revocations");

            migrationBuilder.DropTable(
                name: "qr_signing_keys");

            migrationBuilder.DropTable(
                name: "venues");
        }
    }
}
