using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PcCovid.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DashboardCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "aggregation_watermarks",
                columns: table => new
                {
                    fact = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    last_id = table.Column<long>(type: "bigint", nullable: false),
                    seen_id = table.Column<long>(type: "bigint", nullable: false),
                    updated_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_aggregation_watermarks", x => x.fact);
                });

            migrationBuilder.CreateTable(
                name: "daily_counts",
                columns: table => new
                {
                    unit_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    unit_level = table.Column<int>(type: "integer", nullable: false),
                    province_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    new_cases = table.Column<long>(type: "bigint", nullable: false),
                    tests = table.Column<long>(type: "bigint", nullable: false),
                    tests_positive = table.Column<long>(type: "bigint", nullable: false),
                    dose1 = table.Column<long>(type: "bigint", nullable: false),
                    dose2 = table.Column<long>(type: "bigint", nullable: false),
                    dose3plus = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_daily_counts", x => new { x.unit_code, x.day });
                });

            migrationBuilder.CreateTable(
                name: "quarantine_counts",
                columns: table => new
                {
                    unit_code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    unit_level = table.Column<int>(type: "integer", nullable: false),
                    f1in_quarantine = table.Column<long>(type: "bigint", nullable: false),
                    f0in_isolation = table.Column<long>(type: "bigint", nullable: false),
                    counted_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quarantine_counts", x => x.unit_code);
                });

            migrationBuilder.CreateIndex(
                name: "ix_daily_counts_unit_level_day_province_code",
                table: "daily_counts",
                columns: new[] { "unit_level", "day", "province_code" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "aggregation_watermarks");

            migrationBuilder.DropTable(
                name: "daily_counts");

            migrationBuilder.DropTable(
                name: "quarantine_counts");
        }
    }
}
