using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PcCovid.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class VaccinationRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "sent_to_review",
                table: "import_runs",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "dose_reviews",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    import_run_id = table.Column<long>(type: "bigint", nullable: false),
                    line_number = table.Column<long>(type: "bigint", nullable: false),
                    source_system = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    source_record_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    reason = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    candidates = table.Column<int>(type: "integer", nullable: false),
                    matched_person_id = table.Column<long>(type: "bigint", nullable: true),
                    raw_row = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    resolved_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    resolved_by_account_id = table.Column<Guid>(type: "uuid", nullable: true),
                    linked_person_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dose_reviews", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "doses",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    dose_number = table.Column<int>(type: "integer", nullable: false),
                    product_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    medicinal_product = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    manufacturer = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    vaccine_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    lot = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    administered_on = table.Column<DateOnly>(type: "date", nullable: false),
                    country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    site_facility_id = table.Column<long>(type: "bigint", nullable: true),
                    site_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    site_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    reaction = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    source_key = table.Column<string>(type: "character varying(90)", maxLength: 90, nullable: false),
                    is_self_declared = table.Column<bool>(type: "boolean", nullable: false),
                    confirmed_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    confirmed_by_account_id = table.Column<Guid>(type: "uuid", nullable: true),
                    confirmed_by_site_facility_id = table.Column<long>(type: "bigint", nullable: true),
                    interval_flag = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    recorded_by_account_id = table.Column<Guid>(type: "uuid", nullable: true),
                    import_run_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    is_authoritative = table.Column<bool>(type: "boolean", nullable: false),
                    received_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    source_record_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_system = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_doses", x => x.id);
                    table.ForeignKey(
                        name: "fk_doses_people_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_dose_reviews_import_run_id_line_number",
                table: "dose_reviews",
                columns: new[] { "import_run_id", "line_number" });

            migrationBuilder.CreateIndex(
                name: "ix_dose_reviews_source_system_source_record_id",
                table: "dose_reviews",
                columns: new[] { "source_system", "source_record_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_doses_person_id_dose_number",
                table: "doses",
                columns: new[] { "person_id", "dose_number" });

            migrationBuilder.CreateIndex(
                name: "ix_doses_site_facility_id_id",
                table: "doses",
                columns: new[] { "site_facility_id", "id" },
                filter: "site_facility_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_doses_source_key",
                table: "doses",
                column: "source_key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dose_reviews");

            migrationBuilder.DropTable(
                name: "doses");

            migrationBuilder.DropColumn(
                name: "sent_to_review",
                table: "import_runs");
        }
    }
}
