using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PcCovid.Data.Postgres.Migrations
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    unit_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    unit_level = table.Column<int>(type: "integer", nullable: false),
                    province_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    district_code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    week_start = table.Column<DateOnly>(type: "date", nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    transmission_band = table.Column<int>(type: "integer", nullable: false),
                    second_axis_column = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    population = table.Column<long>(type: "bigint", nullable: false),
                    community_cases = table.Column<long>(type: "bigint", nullable: false),
                    cases_per100k = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    coverage_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    elderly_full_dose_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    capacity = table.Column<int>(type: "integer", nullable: true),
                    rule_set_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    steps = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    assessed_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_levels", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "treatment_capacities",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    province_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    week_start = table.Column<DateOnly>(type: "date", nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    entered_by_account_id = table.Column<Guid>(type: "uuid", nullable: true),
                    entered_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
