using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PcCovid.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RiskLevels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "risk_levels",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    unit_code = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    unit_level = table.Column<int>(type: "INTEGER", nullable: false),
                    province_code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    district_code = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    week_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    transmission_band = table.Column<int>(type: "INTEGER", nullable: false),
                    second_axis_column = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    population = table.Column<long>(type: "INTEGER", nullable: false),
                    community_cases = table.Column<long>(type: "INTEGER", nullable: false),
                    cases_per100k = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    coverage_percent = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true),
                    elderly_full_dose_percent = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true),
                    capacity = table.Column<int>(type: "INTEGER", nullable: true),
                    rule_set_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    steps = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    assessed_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_levels", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "treatment_capacities",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    province_code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    week_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    entered_by_account_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    entered_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_treatment_capacities", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cases_first_positive_sampled_at_utc",
                table: "cases",
                column: "first_positive_sampled_at_utc");

            migrationBuilder.CreateIndex(
                name: "ix_risk_levels_week_start_unit_code",
                table: "risk_levels",
                columns: new[] { "week_start", "unit_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_risk_levels_week_start_unit_level_province_code",
                table: "risk_levels",
                columns: new[] { "week_start", "unit_level", "province_code" });

            migrationBuilder.CreateIndex(
                name: "ix_treatment_capacities_province_code_week_start",
                table: "treatment_capacities",
                columns: new[] { "province_code", "week_start" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "risk_levels");

            migrationBuilder.DropTable(
                name: "treatment_capacities");

            migrationBuilder.DropIndex(
                name: "ix_cases_first_positive_sampled_at_utc",
                table: "cases");
        }
    }
}
