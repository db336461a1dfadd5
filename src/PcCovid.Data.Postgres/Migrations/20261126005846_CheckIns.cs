using System;
using Microsoft.EntityFrameworkCore.Migrations;
using PcCovid.Data.CheckIns;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PcCovid.Data.Postgres.Migrations
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
                    person_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    revoked_before_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_printed_qr_revocations", x => x.person_id);
                });

            migrationBuilder.CreateTable(
                name: "qr_signing_keys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kid = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    purpose = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    protected_secret = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    public_key = table.Column<byte[]>(type: "bytea", maxLength: 200, nullable: true),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    retired_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_qr_signing_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "venues",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    facility_id = table.Column<long>(type: "bigint", nullable: true),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    commune_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    district_code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    province_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    address = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    latitude = table.Column<double>(type: "double precision", nullable: true),
                    longitude = table.Column<double>(type: "double precision", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    legacy_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    decided_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    decided_by = table.Column<Guid>(type: "uuid", nullable: true),
                    is_authoritative = table.Column<bool>(type: "boolean", nullable: false),
                    received_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    source_record_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_system = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
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

            migrationBuilder.Sql(CheckInSchema.PostgresCreate);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CheckInSchema.PostgresDrop);

            migrationBuilder.DropTable(
                name: "printed_qr_revocations");

            migrationBuilder.DropTable(
                name: "qr_signing_keys");

            migrationBuilder.DropTable(
                name: "venues");
        }
    }
}
