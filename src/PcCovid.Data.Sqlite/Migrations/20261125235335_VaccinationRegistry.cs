using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PcCovid.Data.Sqlite.Migrations
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "dose_reviews",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    import_run_id = table.Column<long>(type: "INTEGER", nullable: false),
                    line_number = table.Column<long>(type: "INTEGER", nullable: false),
                    source_system = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    source_record_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    candidates = table.Column<int>(type: "INTEGER", nullable: false),
                    matched_person_id = table.Column<long>(type: "INTEGER", nullable: true),
                    raw_row = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    resolved_at_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    resolved_by_account_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    linked_person_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dose_reviews", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "doses",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    dose_number = table.Column<int>(type: "INTEGER", nullable: false),
                    product_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    medicinal_product = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    manufacturer = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    vaccine_type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    lot = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    administered_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    site_facility_id = table.Column<long>(type: "INTEGER", nullable: true),
                    site_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    site_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    reaction = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    source_key = table.Column<string>(type: "TEXT", maxLength: 90, nullable: false),
                    is_self_declared = table.Column<bool>(type: "INTEGER", nullable: false),
                    confirmed_at_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    confirmed_by_account_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    confirmed_by_site_facility_id = table.Column<long>(type: "INTEGER", nullable: true),
                    interval_flag = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    recorded_by_account_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    import_run_id = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    is_authoritative = table.Column<bool>(type: "INTEGER", nullable: false),
                    received_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    source_record_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    source_system = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
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
